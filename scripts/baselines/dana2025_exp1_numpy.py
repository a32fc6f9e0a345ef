"""
Speed baseline for `shallowcheck reproduce dana2025/exp1.0`: the same protocol written the way a
researcher would in numpy float32 (Dana, Pillaud-Vivien & Bach, arXiv:2502.16977, Section 5, and the authors' code), to time against on the same machine.

Same work per run as experiments/dana2025/exp1.0.ts: shell data x_i = rho_i g_i/|g_i|,
rho_i ~ U[1,2], y_i = +-U[1,2]; asymmetric init (w_jk ~ U(-1/sqrt d, 1/sqrt d), a_j = s_j(|w_j| +
Exp(1))); mean-field ReLU output h = (1/p) sum_j a_j relu(<w_j,x>); GD with lr = 1 on p*L,
L = sum r^2/(2n); horizon nb_epochs(n, p); early stop when sum r^2 < 1. Random numbers come from
numpy, so rows differ from shallowcheck's; only the wall time is compared.

Usage: python3 scripts/baselines/dana2025_exp1_numpy.py [--reps R] [--workers K] [--n-step S]
Each worker process runs with one BLAS thread (OMP/OPENBLAS/MKL_NUM_THREADS=1), K processes in all,
matching `reproduce --workers K`. numpy runs at its best: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
(which pin OpenBLAS to one kernel family) are removed for this process before numpy loads, and the
OpenBLAS core actually chosen is printed (see numpyPeer.py).
"""
import argparse
import math
import os
import time

# numpyPeer sets numpy's environment (overrides removed, one BLAS thread) as it is imported,
# before numpy loads; so it comes first.
from numpyPeer import REMOVED, openblas_info

import numpy as np  # noqa: E402
from multiprocessing import Pool  # noqa: E402

D = 100


def nb_neurons(n, eps=0.05):
    return math.floor(math.log(n / eps) / math.log(4 / 3)) + 1


def nb_epochs(n, p, lr=1.0):
    return math.floor(1.5 * math.sqrt(n * p) * math.log(n * p) / (4 * lr) + 1)


def run(args):
    n, rep = args
    rng = np.random.default_rng([n, rep])
    p = nb_neurons(n)
    g = rng.standard_normal((n, D))
    X = (g / np.linalg.norm(g, axis=1, keepdims=True) * rng.uniform(1, 2, (n, 1))).astype(np.float32)
    y = (rng.choice([-1.0, 1.0], n) * rng.uniform(1, 2, n)).astype(np.float32)
    W = rng.uniform(-1 / math.sqrt(D), 1 / math.sqrt(D), (p, D))
    a = (rng.choice([-1.0, 1.0], p) * (np.linalg.norm(W, axis=1) + rng.exponential(1.0, p))).astype(np.float32)
    W = W.astype(np.float32)
    lr_over_n = np.float32(1.0 / n)
    inv_p = np.float32(1.0 / p)
    steps = 0
    for _ in range(nb_epochs(n, p)):
        Z = X @ W.T
        H = np.maximum(Z, 0)
        r = y - (H @ a) * inv_p
        if float(r @ r) < 1.0:
            break
        grad_a = H.T @ r
        coeff = (r[:, None] * a[None, :]) * (Z > 0)
        grad_W = coeff.T @ X
        a += lr_over_n * grad_a
        W += lr_over_n * grad_W
        steps += 1
    Z = X @ W.T
    r = y - (np.maximum(Z, 0) @ a) * inv_p
    return n, rep, steps, float(r @ r)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=80)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--n-step", type=int, default=50)
    args = parser.parse_args()
    print(f"numpy {np.__version__}, OpenBLAS {openblas_info()}, overrides removed: {REMOVED or 'none set'}")
    grid = [(n, rep) for n in range(1300, 2101, args.n_step) for rep in range(args.reps)]
    start = time.perf_counter()
    with Pool(args.workers) as pool:
        results = pool.map(run, grid, chunksize=1)
    wall = time.perf_counter() - start
    successes = sum(1 for _, _, _, sq in results if sq <= 1.0)
    steps = sum(s for _, _, s, _ in results)
    print(f"numpy float32 exp1.0: {len(grid)} runs, {args.workers} workers, {wall:.1f} s wall, {successes} successes, {steps} GD steps")


if __name__ == "__main__":
    main()
