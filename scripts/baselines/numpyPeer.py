"""
numpy at its best on this machine, timed per evaluation, as the peer of `npm run bench`.

Rows (same formulas as src/fast/kernels.ts, ReLU, mean-field scale 1/p):
  lossgrad64 n d p   float64 loss + gradient: Z = X W^T, H = relu(Z), r = y - H a / p,
                     L = r.r/(2n), dL/da = -(1/(p n)) H^T r, dL/dW = -(1/(p n)) ((r a^T) * [Z > 0])^T X
  lossgrad32 n d p   the same in float32: data and parameters rounded to float32 once, float32 BLAS (sgemm)
  gdstep32 n d p     one float32 GD step of dana2025 Exp 1 (scripts/baselines/dana2025_exp1_numpy.py)

"At its best": OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which pin OpenBLAS to one kernel family and
cache size, are removed for this process before numpy (and so OpenBLAS) is loaded, so OpenBLAS
detects the CPU itself; one BLAS thread (per-core comparison). The OpenBLAS build, the core it
chose and its thread count are printed, read from the loaded library itself.

Output: one JSON object per line on stdout: first {"peer": ...} describing the BLAS, then one
{"row": ..., "n", "d", "p", "best_ms", "median_ms", "reps"} per row. Timing: `reps` evaluations
after 3 warm-ups; best and median of per-evaluation CPU times of this process (time.process_time:
one BLAS thread, so the time one core spent, undisturbed by other processes taking turns on a
shared machine).

Usage: python3 scripts/baselines/numpyPeer.py ROW N D P [ROW N D P ...] [--reps R]
"""
import json
import os
import sys

# Importers (dana2025_exp1_numpy.py) rely on this running before their own `import numpy`.
REMOVED = [name for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if os.environ.pop(name, None) is not None]
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import ctypes  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def openblas_info():
    """Build string, chosen core and thread count of the OpenBLAS numpy loaded (None if not OpenBLAS)."""
    path = None
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "openblas" in line.lower() and ".so" in line:
                path = line.split()[-1]
                break
    if path is None:
        return None
    lib = ctypes.CDLL(path)
    info = {"library": os.path.basename(path)}
    for prefix, suffix in (("scipy_", "64_"), ("", "64_"), ("", "")):
        try:
            config = getattr(lib, f"{prefix}openblas_get_config{suffix}")
            core = getattr(lib, f"{prefix}openblas_get_corename{suffix}")
            threads = getattr(lib, f"{prefix}openblas_get_num_threads{suffix}")
        except AttributeError:
            continue
        config.restype = ctypes.c_char_p
        core.restype = ctypes.c_char_p
        info.update(config=config().decode().strip(), core=core().decode().strip(), threads=threads())
        break
    return info


def lossgrad64(n, d, p, rng, dtype=np.float64):
    X = (rng.standard_normal((n, d)) / np.sqrt(d)).astype(dtype)
    y = (rng.choice([-1.0, 1.0], n) * rng.uniform(1, 2, n)).astype(dtype)
    W = (rng.standard_normal((p, d)) / np.sqrt(d)).astype(dtype)
    a = rng.standard_normal(p).astype(dtype)
    scale = dtype(1.0 / p)
    factor = dtype(-(scale / n))

    def evaluate():
        Z = X @ W.T
        H = np.maximum(Z, 0)
        r = y - (H @ a) * scale
        loss = (r @ r) / (2 * n)
        grad_a = factor * (H.T @ r)
        grad_W = factor * (((r[:, None] * a[None, :]) * (Z > 0)).T @ X)
        return loss, grad_a, grad_W

    return evaluate


def gdstep32(n, d, p, rng):
    g = rng.standard_normal((n, d))
    X = (g / np.linalg.norm(g, axis=1, keepdims=True) * rng.uniform(1, 2, (n, 1))).astype(np.float32)
    y = (rng.choice([-1.0, 1.0], n) * rng.uniform(1, 2, n)).astype(np.float32)
    W0 = rng.uniform(-1 / np.sqrt(d), 1 / np.sqrt(d), (p, d))
    a = (rng.choice([-1.0, 1.0], p) * (np.linalg.norm(W0, axis=1) + rng.exponential(1.0, p))).astype(np.float32)
    W = W0.astype(np.float32)
    lr_over_n = np.float32(1.0 / n)
    inv_p = np.float32(1.0 / p)

    def step():
        Z = X @ W.T
        H = np.maximum(Z, 0)
        r = y - (H @ a) * inv_p
        squares = float(r @ r)
        grad_a = H.T @ r
        coeff = (r[:, None] * a[None, :]) * (Z > 0)
        grad_W = coeff.T @ X
        a[:] += lr_over_n * grad_a
        W[:] += lr_over_n * grad_W
        return squares

    return step


def lossgrad32(n, d, p, rng):
    return lossgrad64(n, d, p, rng, np.float32)


ROWS = {"lossgrad64": lossgrad64, "lossgrad32": lossgrad32, "gdstep32": gdstep32}


def main(argv):
    reps = 50
    if "--reps" in argv:
        at = argv.index("--reps")
        reps = int(argv[at + 1])
        del argv[at : at + 2]
    if len(argv) % 4 != 0 or not argv:
        print("usage: numpyPeer.py ROW N D P [ROW N D P ...] [--reps R]", file=sys.stderr)
        return 2
    print(json.dumps({"peer": {"numpy": np.__version__, "removed": REMOVED, "openblas": openblas_info()}}), flush=True)
    for at in range(0, len(argv), 4):
        name, n, d, p = argv[at], int(argv[at + 1]), int(argv[at + 2]), int(argv[at + 3])
        if name not in ROWS:
            print(f"numpyPeer.py: unknown row {name!r} (expected one of {', '.join(ROWS)})", file=sys.stderr)
            return 2
        run = ROWS[name](n, d, p, np.random.default_rng([n, d, p]))
        for _ in range(3):
            run()
        times = []
        for _ in range(reps):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        times.sort()
        print(json.dumps({"row": name, "n": n, "d": d, "p": p, "best_ms": times[0] * 1e3, "median_ms": times[len(times) // 2] * 1e3, "reps": reps}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
