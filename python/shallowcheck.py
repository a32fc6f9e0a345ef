"""shallowcheck from Python: instance files from arrays or a PyTorch state dict, and the
command line's check / certify / hunt / replay run on them, returning their JSON reports.

Standard library only; numpy arrays and torch tensors are accepted through their ``tolist()``.
The command run is ``npx shallowcheck`` unless ``SHALLOWCHECK_BIN`` names another (e.g. the
path of ``bin/shallowcheck.js`` in a checkout)::

    import shallowcheck as sc
    sc.write_instance("net.json", X, y, W, a, activation="relu", scaling="mean-field")
    report = sc.check_instance("net.json", only=["dana2025/theorem1-pl-bound"])
    report["results"][0]["verdict"]   # "holds", "fails" or "not-applicable"
"""
from __future__ import annotations

import json
import math
import os
import shlex
import subprocess
import tempfile
from decimal import Decimal
from typing import Any, Iterable, Mapping, Optional, Sequence

ACTIVATIONS = ("relu", "identity", "quadratic", "leaky-relu", "tanh", "sigmoid", "softplus")
SCALINGS = ("mean-field", "standard")


class ShallowcheckError(RuntimeError):
    """The command ended with exit code 2 (bad input) or could not run; ``str()`` is its message."""


def _plain(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") else value


def _number(value: Any, field: str) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{field}: {value} is not a finite number")
        return str(value)
    if isinstance(value, str):
        Decimal(value)  # raises on a non-number
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{field}: expected a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{field}: {value} is not a finite number")
    return value if isinstance(value, int) else number


def _vector(values: Any, field: str) -> list:
    values = _plain(values)
    return [_number(v, f"{field}[{i}]") for i, v in enumerate(values)]


def _matrix(values: Any, field: str) -> list:
    values = _plain(values)
    return [_vector(row, f"{field}[{i}]") for i, row in enumerate(values)]


def instance_dict(X: Any, y: Any, W: Any, a: Any, activation: str = "relu", scaling: str = "mean-field",
                  alpha: Optional[str] = None, settings: Optional[Mapping[str, Any]] = None) -> dict:
    """An instance file's content: X (n × d), y (n), W (p × d), a (p). Doubles stay doubles (JSON
    numbers, read exactly by the exact path); Decimal values and strings stay exact decimals."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation: {activation!r} is not one of {', '.join(ACTIVATIONS)}")
    if scaling not in SCALINGS:
        raise ValueError(f"scaling: {scaling!r} is not one of {', '.join(SCALINGS)}")
    model: dict = {"activation": activation, "scaling": scaling}
    if alpha is not None:
        model["alpha"] = str(alpha)
    out: dict = {"model": model, "data": {"X": _matrix(X, "X"), "y": _vector(y, "y")},
                 "params": {"W": _matrix(W, "W"), "a": _vector(a, "a")}}
    if settings:
        out["settings"] = dict(settings)
    return out


def from_state_dict(state: Mapping[str, Any], X: Any, y: Any, hidden: str = "0.weight", output: str = "2.weight",
                    **model: Any) -> dict:
    """An instance from a PyTorch state dict of ``Sequential(Linear(d, p, bias=False), ReLU(),
    Linear(p, 1, bias=False))``: W = state[hidden] (p × d), a = state[output][0] (p). Biases are
    not part of the model: a nonzero one is refused. Mean-field scaling divides by p; a network
    trained with standard scaling should pass ``scaling="standard"``."""
    for key, value in state.items():
        if key.endswith("bias") and any(float(v) != 0.0 for v in _flatten(_plain(value))):
            raise ValueError(f"{key}: the model has no biases, and this one is nonzero")
    W = _plain(state[hidden])
    a = _plain(state[output])
    if a and isinstance(a[0], list):
        if len(a) != 1:
            raise ValueError(f"{output}: expected one output row, got {len(a)}")
        a = a[0]
    return instance_dict(X, y, W, a, **model)


def _flatten(values: Any) -> Iterable[Any]:
    if isinstance(values, list):
        for v in values:
            yield from _flatten(v)
    else:
        yield values


def write_instance(path: str, *args: Any, **kwargs: Any) -> str:
    """Write :func:`instance_dict` (or a dict given as the only argument) to ``path`` atomically."""
    content = args[0] if len(args) == 1 and isinstance(args[0], dict) and not kwargs else instance_dict(*args, **kwargs)
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".shallowcheck-", dir=directory)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(content, handle)
            handle.write("\n")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return path


def _command() -> list:
    given = os.environ.get("SHALLOWCHECK_BIN")
    if given:
        return (["node", given] if given.endswith(".js") else shlex.split(given))
    return ["npx", "--no-install", "shallowcheck"]


def run(args: Sequence[str], cwd: Optional[str] = None) -> tuple:
    """Run ``shallowcheck ARGS --json FILE``; returns (exit code, parsed JSON report, stdout).
    Exit code 2 (bad input) raises :class:`ShallowcheckError` with the tool's one-line message."""
    with tempfile.TemporaryDirectory() as directory:
        report_path = os.path.join(directory, "report.json")
        completed = subprocess.run([*_command(), *args, "--json", report_path], cwd=cwd, capture_output=True, text=True)
        if completed.returncode not in (0, 1) or not os.path.exists(report_path):
            message = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else f"exit code {completed.returncode}"
            raise ShallowcheckError(message)
        with open(report_path) as handle:
            return completed.returncode, json.load(handle), completed.stdout


def _repeat(flag: str, values: Optional[Iterable[str]]) -> list:
    return [part for value in (values or []) for part in (flag, value)]


def check_instance(path: str, only: Optional[Iterable[str]] = None, drop: Optional[Iterable[str]] = None,
                   catalogue: Optional[Iterable[str]] = None, cwd: Optional[str] = None) -> dict:
    """``shallowcheck check --instance PATH``: each entry's verdict (holds / fails / not-applicable) and margin."""
    code, report, _ = run(["check", "--instance", path, *_repeat("--only", only), *_repeat("--drop", drop), *_repeat("--catalogue", catalogue)], cwd)
    return {**report, "exitCode": code}


def certify(path: str, properties: Optional[Iterable[str]] = None, digits: Optional[int] = None,
            catalogue: Optional[Iterable[str]] = None, cwd: Optional[str] = None) -> dict:
    """``shallowcheck certify PATH``: interval-arithmetic verdicts (certified / refuted / undecided / …)."""
    extra = ["--digits", str(digits)] if digits is not None else []
    code, report, _ = run(["certify", path, *_repeat("--property", properties), *extra, *_repeat("--catalogue", catalogue)], cwd)
    return {**report, "exitCode": code}


def hunt(property_id: str, drop: Optional[Iterable[str]] = None, budget: Optional[int] = None, seed: Optional[str] = None,
         out: Optional[str] = None, catalogue: Optional[Iterable[str]] = None, cwd: Optional[str] = None) -> dict:
    """``shallowcheck hunt ID``: a counterexample search with assumptions dropped; the stored file under ``fixture``."""
    extra = (["--budget", str(budget)] if budget is not None else []) + (["--seed", seed] if seed else []) + (["--out", out] if out else [])
    code, report, _ = run(["hunt", property_id, *_repeat("--drop", drop), *extra, *_repeat("--catalogue", catalogue)], cwd)
    return {**report, "exitCode": code}


def replay(path: str, catalogue: Optional[Iterable[str]] = None, cwd: Optional[str] = None) -> dict:
    """``shallowcheck replay PATH``: a stored counterexample re-evaluated."""
    code, report, _ = run(["replay", path, *_repeat("--catalogue", catalogue)], cwd)
    return {**report, "exitCode": code}
