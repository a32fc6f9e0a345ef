#!/usr/bin/env python3
"""Golden fixtures for the shallow network, from an independent mpmath reference.

    python3 scripts/golden/generate.py            # writes fixtures/golden/network.json

This is a second implementation of the model, written from the mathematics and not from
src/model/*.ts, so that the TypeScript code is checked against something that does not share
its mistakes:

    z_ij = <w_j, x_i>,  h_i = s * sum_j a_j sigma(z_ij),  r_i = y_i - h_i,  L = (1/2n) sum_i r_i^2
    s = 1/p ("mean-field") or 1 ("standard")
    dL/da_j = -(s/n) sum_i r_i sigma(z_ij)
    dL/dw_j = -(s/n) sum_i r_i a_j sigma'(z_ij) x_i
    balance_j = a_j^2 - |w_j|^2
    pl = c |grad L|^2 / L,  c = p (mean-field) or 1 (standard); null when L = 0
    hvp = d/dt grad L(theta + t v) at t = 0, by numerical differentiation (mp.diff)

Everything is computed at mp.dps = 60 and then recomputed at mp.dps = 90; the script fails
unless both agree to 48 significant digits in every entry, so the 45 digits written are right.
It also fails unless
  * the closed-form gradient agrees with mp.diff of L coordinate by coordinate, and
  * <v, H v> agrees with the second derivative of L along v (mp.diff, n = 2),
wherever the loss is smooth near the point (smooth activations; relu and leaky-relu only when
no pre-activation is within MARGIN of 0). At a kink (region "kink") the gradient takes the
library's convention sigma'(0) = 0 (relu) and sigma'(0) = alpha (leaky-relu), and no HVP is
written.

Inputs are short decimal strings, so the decimal field of the library reads them exactly;
the golden values are exact mathematics of those decimals, rounded to 45 significant digits.
Only the standard library and mpmath are used; random.Random(seed) makes the output
reproducible byte for byte.
"""
from __future__ import annotations

import json
import math
import os
import random
import sys
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

import mpmath
from mpmath import mp, mpf

DPS = 60
CHECK_DPS = 90
SIGNIFICANT_DIGITS = 45
# Agreement demanded between the dps-60 and dps-90 computations (relative, per entry).
CERTIFY_RELATIVE = mpf(10) ** -48
# A relu-type pre-activation closer than this to 0 makes the loss non-smooth "near" the point:
# no HVP and no finite-difference cross-check there. mp.diff moves parameters by ~2^-200.
MARGIN = mpf(10) ** -30
CASES_PER_GROUP = 6
# Extra digits the decimal inputs are read with (mpf is binary, so "0.1" is rounded when read).
INPUT_EXTRA_DPS = 40

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, "fixtures", "golden", "network.json")

# (variant label, activation name, alpha string or None)
ACTIVATIONS = [
    ("relu", "relu", None),
    ("identity", "identity", None),
    ("quadratic", "quadratic", None),
    ("leaky-relu(0.1)", "leaky-relu", "0.1"),
    ("leaky-relu(default)", "leaky-relu", None),
    ("tanh", "tanh", None),
    ("sigmoid", "sigmoid", None),
    ("softplus", "softplus", None),
]
SCALINGS = ["mean-field", "standard"]
# The library's default negative slope of leaky-relu (PyTorch's); the fixture relies on it
# through instance files that omit "alpha".
DEFAULT_LEAKY_ALPHA = "0.01"
KINKED = {"relu", "leaky-relu"}
SATURATING = {"tanh", "sigmoid", "softplus"}


class GoldenError(AssertionError):
    pass


# --------------------------------------------------------------------------------------------
# The model, from the formulas above. All arguments are mpf at the current precision.
# --------------------------------------------------------------------------------------------


def activation_functions(name: str, alpha_text: str | None):
    """(sigma, sigma') as functions of an mpf."""
    if name == "relu":
        return (lambda z: z if z > 0 else mpf(0)), (lambda z: mpf(1) if z > 0 else mpf(0))
    if name == "leaky-relu":
        alpha = mpf(alpha_text if alpha_text is not None else DEFAULT_LEAKY_ALPHA)
        return (lambda z: z if z > 0 else alpha * z), (lambda z: mpf(1) if z > 0 else alpha)
    if name == "identity":
        return (lambda z: z), (lambda z: mpf(1))
    if name == "quadratic":
        return (lambda z: z * z), (lambda z: 2 * z)
    if name == "tanh":
        return mp.tanh, (lambda z: mp.sech(z) ** 2)
    if name == "sigmoid":
        # sigma'(z) = e^-z / (1 + e^-z)^2 = sech^2(z/2) / 4
        return (lambda z: 1 / (1 + mp.exp(-z))), (lambda z: mp.sech(z / 2) ** 2 / 4)
    if name == "softplus":
        return (lambda z: mp.log1p(mp.exp(z))), (lambda z: 1 / (1 + mp.exp(-z)))
    raise ValueError(name)


class Model:
    def __init__(self, spec: dict, X, y):
        self.spec = spec
        self.X = X
        self.y = y
        self.sigma, self.dsigma = activation_functions(spec["activation"], spec.get("alpha"))

    def scale(self, p: int):
        return mpf(1) / p if self.spec["scaling"] == "mean-field" else mpf(1)

    def preactivations(self, W):
        return [[mp.fsum(wk * xk for wk, xk in zip(w, x)) for w in W] for x in self.X]

    def residuals(self, a, W):
        s = self.scale(len(a))
        Z = self.preactivations(W)
        return [yi - s * mp.fsum(aj * self.sigma(z) for aj, z in zip(a, row)) for yi, row in zip(self.y, Z)]

    def loss(self, a, W):
        r = self.residuals(a, W)
        return mp.fsum(ri * ri for ri in r) / (2 * len(r))

    def gradient(self, a, W):
        n, p, d = len(self.X), len(a), len(self.X[0])
        s = self.scale(p)
        Z = self.preactivations(W)
        r = self.residuals(a, W)
        ga = [-(s / n) * mp.fsum(r[i] * self.sigma(Z[i][j]) for i in range(n)) for j in range(p)]
        gW = [
            [-(s / n) * mp.fsum(r[i] * a[j] * self.dsigma(Z[i][j]) * self.X[i][k] for i in range(n)) for k in range(d)]
            for j in range(p)
        ]
        return ga, gW


def flatten(a, W):
    return list(a) + [x for row in W for x in row]


def unflatten(theta, p, d):
    return theta[:p], [theta[p + j * d : p + (j + 1) * d] for j in range(p)]


def relative_gap(x, y):
    scale = max(abs(x), abs(y))
    return mpf(0) if scale == 0 else abs(x - y) / scale


def compute(case: dict, dps: int) -> dict:
    """Every golden quantity of a case at the given precision, with the self-checks."""
    inst = case["instance"]
    with mp.workdps(dps + INPUT_EXTRA_DPS):
        # The decimal inputs are read with extra digits, so that only the arithmetic rounds at dps.
        X = [[mpf(v) for v in row] for row in inst["data"]["X"]]
        y = [mpf(v) for v in inst["data"]["y"]]
        W = [[mpf(v) for v in row] for row in inst["params"]["W"]]
        a = [mpf(v) for v in inst["params"]["a"]]
        direction = case["direction"]
        v = None
        if direction is not None:
            v = [mpf(x) for x in direction["a"]] + [mpf(x) for row in direction["W"] for x in row]
    with mp.workdps(dps):
        n, p, d = len(X), len(a), len(X[0])
        model = Model(inst["model"], X, y)

        r = model.residuals(a, W)
        L = model.loss(a, W)
        ga, gW = model.gradient(a, W)
        balance = [aj * aj - mp.fsum(wk * wk for wk in w) for aj, w in zip(a, W)]
        c = mpf(p) if inst["model"]["scaling"] == "mean-field" else mpf(1)
        grad_sq = mp.fsum(g * g for g in flatten(ga, gW))
        pl = None if L == 0 else c * grad_sq / L

        Z = model.preactivations(W)
        kinked = inst["model"]["activation"] in KINKED
        smooth_here = not kinked or all(abs(z) > MARGIN for row in Z for z in row)
        if case["region"] == "kink" and smooth_here:
            raise GoldenError(f"{case['id']}: kink case without a pre-activation at 0")
        if case["region"] != "kink" and not smooth_here:
            raise GoldenError(f"{case['id']}: pre-activation within {MARGIN} of 0 outside the kink region")

        theta = flatten(a, W)
        grad = flatten(ga, gW)
        if smooth_here:
            # Closed-form gradient against mp.diff of L, coordinate by coordinate. A wrong formula
            # is off by O(1) relatively; finite differences are good to ~prec bits of L's terms.
            worst = max([abs(g) for g in grad] + [mpf(0)])
            for k in range(len(theta)):
                def along(t, k=k):
                    shifted = list(theta)
                    shifted[k] += t
                    return model.loss(*unflatten(shifted, p, d))

                numeric = mp.diff(along, 0)
                if abs(numeric - grad[k]) > mpf(10) ** -(dps - 15) * max(worst, L, mpf(1)):
                    raise GoldenError(
                        f"{case['id']}: gradient[{k}] closed form {mp.nstr(grad[k], 20)} != mp.diff {mp.nstr(numeric, 20)}"
                    )

        hvp = None
        if v is not None:
            if not smooth_here:
                raise GoldenError(f"{case['id']}: direction given where the loss is not smooth")
            cache: dict = {}

            def grad_along(t):
                key = (t, mp.prec)
                if key not in cache:
                    shifted = [th + t * vk for th, vk in zip(theta, v)]
                    cache[key] = flatten(*model.gradient(*unflatten(shifted, p, d)))
                return cache[key]

            hv = [mp.diff(lambda t, k=k: grad_along(t)[k], 0) for k in range(len(theta))]
            # <v, Hv> against the second derivative of L along v: an independent check of the HVP.
            quadratic_form = mp.fsum(vk * hk for vk, hk in zip(v, hv))
            second = mp.diff(lambda t: model.loss(*unflatten([th + t * vk for th, vk in zip(theta, v)], p, d)), 0, 2)
            scale = max(abs(quadratic_form), mp.fsum(abs(vk * hk) for vk, hk in zip(v, hv)), L, mpf(1))
            if abs(quadratic_form - second) > mpf(10) ** -(dps - 15) * scale:
                raise GoldenError(
                    f"{case['id']}: <v,Hv> = {mp.nstr(quadratic_form, 20)} but d2L/dt2 = {mp.nstr(second, 20)}"
                )
            hvp_a, hvp_W = unflatten(hv, p, d)
            hvp = {"a": hvp_a, "W": hvp_W}

        return {
            "loss": L,
            "residuals": r,
            "gradient": {"a": ga, "W": gW},
            "balance": balance,
            "pl": pl,
            "hvp": hvp,
        }


def certify(case_id: str, low, high, path: str = "expected") -> None:
    """low (dps 60) must agree with high (dps 90) to CERTIFY_RELATIVE in every entry."""
    if isinstance(low, dict):
        for key in low:
            certify(case_id, low[key], high[key], f"{path}.{key}")
    elif isinstance(low, list):
        for index, (lo, hi) in enumerate(zip(low, high)):
            certify(case_id, lo, hi, f"{path}[{index}]")
    elif low is None or high is None:
        if low is not high:
            raise GoldenError(f"{case_id}: {path} is null at one precision only")
    else:
        with mp.workdps(CHECK_DPS):
            if relative_gap(low, high) > CERTIFY_RELATIVE:
                raise GoldenError(f"{case_id}: {path} dps {DPS} {mp.nstr(low, 50)} vs dps {CHECK_DPS} {mp.nstr(high, 50)}")


def to_strings(value):
    if isinstance(value, dict):
        return {key: to_strings(v) for key, v in value.items()}
    if isinstance(value, list):
        return [to_strings(v) for v in value]
    if value is None:
        return None
    with mp.workdps(DPS):
        return mp.nstr(value, SIGNIFICANT_DIGITS, min_fixed=-6, max_fixed=20)


# --------------------------------------------------------------------------------------------
# Inputs: short decimal strings, built with Decimal/Fraction so they are what they claim.
# --------------------------------------------------------------------------------------------


def text(value: Decimal | Fraction) -> str:
    """Plain decimal string of a finite decimal (no exponent, no trailing zeros)."""
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 100
            dec = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(dec) != value:
            raise GoldenError(f"{value} is not a short finite decimal")
        value = dec
    if value == 0:
        return "0"
    out = format(value.normalize(), "f")
    return out


def small_entry(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(-1000, 1000)).scaleb(-3)


def wide_entry(rng: random.Random, low: int = -3, high: int = 2) -> Decimal:
    """± m·10^e with 1–3 significant digits and magnitude in [10^low, 10^high)."""
    digits = rng.randint(1, 3)
    mantissa = rng.randint(10 ** (digits - 1), 10**digits - 1)
    exponent = rng.randint(low - (digits - 1), high - digits)
    return rng.choice([-1, 1]) * Decimal(mantissa).scaleb(exponent)


def round_down(x: float, digits: int) -> Decimal:
    """x > 0 rounded toward 0 to `digits` significant digits."""
    exponent = math.floor(math.log10(x))
    quantum = Decimal(1).scaleb(exponent - digits + 1)
    return (Decimal(x) / quantum).to_integral_value(rounding=ROUND_FLOOR) * quantum


def bounded_entry(rng: random.Random, upper: float) -> Decimal:
    """± a 1–2 digit decimal, log-uniform in [1e-3, upper] (upper raised to 1e-3 if below)."""
    upper = max(upper, 1e-3)
    magnitude = 10 ** rng.uniform(-3, math.log10(upper))
    value = max(round_down(magnitude, rng.randint(1, 2)), Decimal("0.001"))
    return rng.choice([-1, 1]) * value


def exact_preactivations(X, W):
    return [[sum((Fraction(wk) * Fraction(xk) for wk, xk in zip(w, x)), Fraction(0)) for w in W] for x in X]


def kinks_well_separated(X, W) -> bool:
    """Every <w_j, x_i> is nonzero and not the result of heavy cancellation."""
    for x in X:
        for w in W:
            terms = [Fraction(wk) * Fraction(xk) for wk, xk in zip(w, x)]
            z = sum(terms, Fraction(0))
            if z == 0 or abs(z) < Fraction(1, 10**6) * sum(abs(t) for t in terms):
                return False
    return True


def model_spec(activation: str, alpha: str | None, scaling: str) -> dict:
    spec = {"activation": activation, "scaling": scaling}
    if alpha is not None:
        spec["alpha"] = alpha
    return spec


def outputs(spec: dict, X, W, a) -> list:
    """h(x_i) at high precision, to build labels close to the outputs (cancellation in r)."""
    with mp.workdps(DPS):
        model = Model(spec, [[mpf(str(v)) for v in row] for row in X], [mpf(0)] * len(X))
        return [-r for r in model.residuals([mpf(str(v)) for v in a], [[mpf(str(v)) for v in row] for row in W])]


def instance_file(spec, X, y, W, a) -> dict:
    return {
        "model": spec,
        "data": {"X": [[text(v) for v in row] for row in X], "y": [text(v) for v in y]},
        "params": {"W": [[text(v) for v in row] for row in W], "a": [text(v) for v in a]},
    }


def make_small(rng, spec, index):
    kinked = spec["activation"] in KINKED
    while True:
        n, d, p = (rng.randint(1, 6) for _ in range(3))
        X = [[small_entry(rng) for _ in range(d)] for _ in range(n)]
        W = [[small_entry(rng) for _ in range(d)] for _ in range(p)]
        if not kinked or kinks_well_separated(X, W):
            break
    a = [small_entry(rng) for _ in range(p)]
    y = [small_entry(rng) for _ in range(n)]
    direction = {"a": [text(small_entry(rng)) for _ in range(p)], "W": [[text(small_entry(rng)) for _ in range(d)] for _ in range(p)]}
    return instance_file(spec, X, y, W, a), direction


def make_wide(rng, spec, index):
    kinked = spec["activation"] in KINKED
    top = 40.0 if spec["activation"] in SATURATING else 1000.0
    while True:
        n, d, p = (rng.randint(1, 6) for _ in range(3))
        X = [[wide_entry(rng) for _ in range(d)] for _ in range(n)]
        reach = [max(abs(float(X[i][k])) for i in range(n)) for k in range(d)]
        W = []
        for j in range(p):
            # |z_ij| ≲ target: one dominant coordinate near target, the others small.
            target = top if j == 0 else 10 ** rng.uniform(0, math.log10(top))
            dominant = rng.randrange(d)
            row = []
            for k in range(d):
                if k == dominant:
                    magnitude = min(0.9 * target / reach[k], 99.0)
                    row.append(rng.choice([-1, 1]) * max(round_down(magnitude, 2), Decimal("0.001")))
                else:
                    row.append(bounded_entry(rng, min(0.1 * target / (d * reach[k]), 99.0)))
            W.append(row)
        if not kinked or kinks_well_separated(X, W):
            break
    a = [wide_entry(rng) for _ in range(p)]
    if index % 3 == 0:
        # a_0 ≈ ±|w_0| to four digits: the balance a_0² − |w_0|² cancels.
        norm = math.sqrt(sum(float(w) ** 2 for w in W[0]))
        a[0] = rng.choice([-1, 1]) * round_down(norm, 4)
    if index % 2 == 1:
        # Labels equal to the outputs to three digits: the residuals cancel.
        # Where h_i is within 1e-9 of a 3-digit decimal (saturated sigma: h_i is then nearly a
        # short decimal), the label is moved 1% away: a residual cancelling more than ~10
        # digits would need more than dps = 60 to get 45 digits right.
        y = []
        for h in outputs(spec, X, W, a):
            label = Decimal(mp.nstr(h, 3, min_fixed=-1000, max_fixed=1000)) if h != 0 else Decimal(0)
            with mp.workdps(DPS):
                if abs(mpf(str(label)) - h) < mpf("1e-9") * abs(h):
                    label = Decimal(mp.nstr(h * mpf("1.01"), 3, min_fixed=-1000, max_fixed=1000))
                    assert abs(mpf(str(label)) - h) > mpf("1e-4") * abs(h)
            y.append(label)
    else:
        y = [wide_entry(rng) for _ in range(n)]
    direction = {"a": [text(wide_entry(rng, -3, 1)) for _ in range(p)], "W": [[text(wide_entry(rng, -3, 1)) for _ in range(d)] for _ in range(p)]}
    return instance_file(spec, X, y, W, a), direction


DYADIC = [Fraction(k, 4) for k in range(-12, 13) if k != 0]
POSITIVE_DYADIC = [q for q in DYADIC if q > 0]


def make_kink(rng, spec, index):
    """Dyadic data with pre-activations exactly 0 through disjoint supports of x_i and w_j.

    A zero through disjoint supports is a sum of products that are each exactly 0, so the
    float path also computes it as 0 with a zero error bound (sign decided); a zero through
    cancellation of nonzero products would be undecided in float and is rejected here.
    The last case of each group has zero loss (labels equal to the outputs), so pl is null.
    """
    zero_loss = index == CASES_PER_GROUP - 1
    values = POSITIVE_DYADIC if zero_loss else DYADIC
    while True:
        n, d = rng.randint(2, 5), rng.randint(2, 4)
        p = rng.choice([1, 2, 4]) if zero_loss else rng.randint(2, 5)

        def supported(support):
            return [rng.choice(values) if k in support else Fraction(0) for k in range(d)]

        def random_support():
            size = rng.randint(1, d - 1)
            return set(rng.sample(range(d), size))

        X = [supported(random_support()) for _ in range(n)]
        W = [supported(random_support()) for _ in range(p)]
        # Force one kink: neuron j0 sees nothing of x_i0.
        i0, j0 = rng.randrange(n), rng.randrange(p)
        complement = [k for k in range(d) if X[i0][k] == 0]
        W[j0] = supported(set(complement))
        Z = exact_preactivations(X, W)
        ok = any(z == 0 for row in Z for z in row)
        for x, row in zip(X, Z):
            for w, z in zip(W, row):
                disjoint = all(wk == 0 or xk == 0 for wk, xk in zip(w, x))
                if z == 0 and not disjoint:
                    ok = False  # a zero through cancellation
                if z != 0 and abs(z) < Fraction(1, 16):
                    ok = False
        if ok:
            break
    a = [rng.choice(DYADIC) for _ in range(p)]
    if zero_loss:
        alpha = Fraction(Decimal(spec.get("alpha", DEFAULT_LEAKY_ALPHA)))
        s = Fraction(1, p) if spec["scaling"] == "mean-field" else Fraction(1)

        def sigma(z):
            return z if z > 0 else (alpha * z if spec["activation"] == "leaky-relu" else Fraction(0))

        y = [s * sum((aj * sigma(z) for aj, z in zip(a, row)), Fraction(0)) for row in Z]
    else:
        y = [rng.choice(DYADIC + [Fraction(0)]) for _ in range(n)]
    return instance_file(spec, X, y, W, a), None


REGIONS = [
    ("small", make_small, ACTIVATIONS),
    ("wide", make_wide, ACTIVATIONS),
    ("kink", make_kink, [act for act in ACTIVATIONS if act[1] in KINKED]),
]


def main() -> int:
    cases = []
    for region, make, activations in REGIONS:
        for label, activation, alpha in activations:
            for scaling in SCALINGS:
                rng = random.Random(f"shallowcheck-golden/{region}/{label}/{scaling}")
                spec = model_spec(activation, alpha, scaling)
                for index in range(CASES_PER_GROUP):
                    instance, direction = make(rng, spec, index)
                    case = {"id": f"{region}/{label}/{scaling}/{index}", "region": region, "instance": instance, "direction": direction}
                    low = compute(case, DPS)
                    high = compute(case, CHECK_DPS)
                    certify(case["id"], low, high)
                    case["expected"] = to_strings(low)
                    cases.append(case)
                print(f"{region:5} {label:20} {scaling:10} {CASES_PER_GROUP} cases", file=sys.stderr)

    header = {
        "generator": "scripts/golden/generate.py: independent mpmath reference of the shallow network (not derived from src/)",
        "mpmath": mpmath.__version__,
        "dps": DPS,
        "checkDps": CHECK_DPS,
        "significantDigits": SIGNIFICANT_DIGITS,
    }
    lines = ["{"]
    for key, value in header.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    lines.append('  "cases": [')
    lines.append(",\n".join("    " + json.dumps(case, separators=(",", ":")) for case in cases))
    lines.append("  ]")
    lines.append("}")
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
