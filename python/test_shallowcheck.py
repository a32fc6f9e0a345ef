"""Tests of python/shallowcheck.py against the real command line (SHALLOWCHECK_BIN names it)."""
import json
import os
import tempfile
import unittest
from decimal import Decimal

import shallowcheck as sc

X = [[1.0, 0.0], [0.0, 1.0]]
y = [1.0, -0.5]
W = [[0.3, 0.2], [-0.1, 0.4]]
a = [0.5, -0.6]


class InstanceFiles(unittest.TestCase):
    def test_numbers_round_trip(self):
        content = sc.instance_dict(X, y, W, [Decimal("0.5"), -0.6])
        self.assertEqual(content["params"]["a"], ["0.5", -0.6])
        self.assertEqual(content["model"], {"activation": "relu", "scaling": "mean-field"})

    def test_bad_values_are_refused_with_their_field(self):
        with self.assertRaisesRegex(ValueError, r"y\[1\]"):
            sc.instance_dict(X, [1.0, float("nan")], W, a)
        with self.assertRaisesRegex(ValueError, "activation"):
            sc.instance_dict(X, y, W, a, activation="gelu")

    def test_state_dict(self):
        state = {"0.weight": W, "2.weight": [a], "0.bias": [0.0, 0.0]}
        self.assertEqual(sc.from_state_dict(state, X, y)["params"], {"W": W, "a": a})
        with self.assertRaisesRegex(ValueError, "0.bias"):
            sc.from_state_dict({**state, "0.bias": [0.1, 0.0]}, X, y)


class CommandLine(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.directory.name, "net.json")
        sc.write_instance(self.path, X, y, W, a)

    def tearDown(self):
        self.directory.cleanup()

    def test_check_instance(self):
        report = sc.check_instance(self.path, only=["dana2025/lemma1-balance-gd", "dana2025/kernel-identity"])
        verdicts = {r["id"]: r["verdict"] for r in report["results"]}
        self.assertEqual(report["exitCode"], 0)
        self.assertEqual(set(verdicts), {"dana2025/lemma1-balance-gd", "dana2025/kernel-identity"})
        self.assertTrue(all(v in ("holds", "not-applicable") for v in verdicts.values()), verdicts)

    def test_certify(self):
        report = sc.certify(self.path, properties=["dana2025/kernel-identity"])
        self.assertEqual(report["results"][0]["verdict"], "certified")

    def test_bad_input_raises_the_tools_line(self):
        with open(self.path, "w") as handle:
            json.dump({"model": {"activation": "relu", "scaling": "mean-field"}, "data": {"X": [[1]], "y": [1]}, "params": {"W": [[1, 2]], "a": [1]}}, handle)
        with self.assertRaisesRegex(sc.ShallowcheckError, "params.W"):
            sc.check_instance(self.path)


if __name__ == "__main__":
    unittest.main()
