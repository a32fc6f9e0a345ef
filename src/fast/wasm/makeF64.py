# Writes src/fast/wasm/gdStepF64.wat from gdStepF32.wat (run from the repository root):
# the same kernel on 2 lanes of f64. Each listed replacement must match exactly once; the
# byte-offset arithmetic (vectors of 16 bytes, blocks of 32 and 128 bytes) is shared.
s = open("src/fast/wasm/gdStepF32.wat").read()
rep = [
 (""";; Fused GD step of dana2025's model in float32 arithmetic with 128-bit SIMD
;; (see src/fast/gdStepWasm.ts for the semantics, the layout and how to rebuild the .wasm).
;; All offsets and strides are in bytes; 16 bytes = one vector of 4 lanes.""",
  """;; Fused GD step of dana2025's model in float64 arithmetic with 128-bit SIMD: gdStepF32.wat with
;; 2 lanes of f64 (generated from it by src/fast/wasm/makeF64.py, do not edit by hand; see
;; src/fast/gdStepWasm.ts for the semantics and how to rebuild the .wasm).
;; All offsets and strides are in bytes; 16 bytes = one vector of 2 lanes."""),
 (""";; Memory (byte offsets passed in, all 16-byte aligned; nP rows (multiple of 4), dP columns
;; (multiple of 4), pP neurons (multiple of 4); padding rows, columns and neurons are zero):
;;   X    nP×dP f32      W    pP×dP f32     y  nP f32      a  pP f32
;;   z    4×pP f32 (one block of 4 rows)     sumA pP f32
;;   Wt   dP×pP f32 (Wᵀ, rebuilt each step), then sumW dP f32 (one neuron's gradient row)
;;   coef nP×pP f32 (r_i·a_j where z_ij > 0, else +0)
;;   listRows nP i32 (byte offsets in X), listCoef nP f32: one neuron's rows with c ≠ 0""",
  """;; Memory (byte offsets passed in, all 16-byte aligned; nP rows (multiple of 4), dP columns
;; (multiple of 2), pP neurons (multiple of 4); padding rows, columns and neurons are zero):
;;   X    nP×dP f64      W    pP×dP f64     y  nP f64      a  pP f64
;;   z    4×pP f64 (one block of 4 rows)     sumA pP f64
;;   Wt   dP×pP f64 (Wᵀ, rebuilt each step), then sumW dP f64 (one neuron's gradient row)
;;   coef nP×pP f64 (r_i·a_j where z_ij > 0, else +0)
;;   listRows nP i32 (byte offsets in X), listCoef nP f64: one neuron's rows with c ≠ 0"""),
 (""";; Σ of the 4 lanes of v, as (l0 + l1) + (l2 + l3).
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))""",
  """;; Σ of the 2 lanes of v.
  (func $hsum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))"""),
 ("(f32.store (local.get $to) (f32.load (i32.add (local.get $from) (local.get $k))))",
  "(f64.store (local.get $to) (f64.load (i32.add (local.get $from) (local.get $k))))"),
 ("      (local.set $j (i32.add (local.get $j) (i32.const 4)))\n      (br_if $neurons (i32.lt_u (local.get $j) (local.get $pBytes)))))",
  "      (local.set $j (i32.add (local.get $j) (i32.const 8)))\n      (br_if $neurons (i32.lt_u (local.get $j) (local.get $pBytes)))))"),
 ("Returns Σ r_i² (each r_i a float32, squared and summed in double) at the", "Returns Σ r_i² at the"),
 ("(param $scale f32) (param $stepSize f32) (param $stopBelow f64)", "(param $scale f64) (param $stepSize f64) (param $stopBelow f64)"),
 ("(local $k i32) (local $r f32) (local $squares f64) (local $c f32)", "(local $k i32) (local $r f64) (local $squares f64) (local $c f64)"),
 ("(local.set $rowBytes (i32.shl (local.get $dP) (i32.const 2)))", "(local.set $rowBytes (i32.shl (local.get $dP) (i32.const 3)))"),
 ("(local.set $coefRowBytes (i32.shl (local.get $pP) (i32.const 2)))", "(local.set $coefRowBytes (i32.shl (local.get $pP) (i32.const 3)))"),
 ("""        (local.set $r (f32.sub
          (f32.load (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (local.get $b)) (i32.const 2))))
          (f32.mul (local.get $scale) (call $hsum (local.get $acc)))))""",
  """        (local.set $r (f64.sub
          (f64.load (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (local.get $b)) (i32.const 3))))
          (f64.mul (local.get $scale) (call $hsum (local.get $acc)))))"""),
 ("(f64.mul (f64.promote_f32 (local.get $r)) (f64.promote_f32 (local.get $r)))", "(f64.mul (local.get $r) (local.get $r))"),
 ("(local.set $slot (i32.add (local.get $coef) (i32.shl (local.get $j) (i32.const 2))))", "(local.set $slot (i32.add (local.get $coef) (i32.shl (local.get $j) (i32.const 3))))"),
 ("(local.set $c (f32.load (local.get $slot)))", "(local.set $c (f64.load (local.get $slot)))"),
 ("(f32.store (i32.add (local.get $listCoef) (i32.shl (local.get $m) (i32.const 2))) (local.get $c))", "(f64.store (i32.add (local.get $listCoef) (i32.shl (local.get $m) (i32.const 3))) (local.get $c))"),
 ("(local.set $m (i32.add (local.get $m) (f32.ne (local.get $c) (f32.const 0))))", "(local.set $m (i32.add (local.get $m) (f64.ne (local.get $c) (f64.const 0))))"),
 ("""              (local.set $c0 (f32x4.splat (f32.load (i32.add (local.get $listCoef) (local.get $slot)))))
              (local.set $c1 (f32x4.splat (f32.load offset=4 (i32.add (local.get $listCoef) (local.get $slot)))))
              (local.set $c2 (f32x4.splat (f32.load offset=8 (i32.add (local.get $listCoef) (local.get $slot)))))
              (local.set $c3 (f32x4.splat (f32.load offset=12 (i32.add (local.get $listCoef) (local.get $slot)))))""",
  """              (local.set $c0 (f64x2.splat (f64.load (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c1 (f64x2.splat (f64.load offset=8 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c2 (f64x2.splat (f64.load offset=16 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c3 (f64x2.splat (f64.load offset=24 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))"""),
 ("""              (local.set $c0 (f32x4.splat (f32.load (i32.add (local.get $listCoef) (local.get $slot)))))""",
  """              (local.set $c0 (f64x2.splat (f64.load (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))"""),
]
for old, new in rep:
    assert s.count(old) == 1, old[:90]
    s = s.replace(old, new)
# One column (pre4's k, the transpose's k) and one listed coefficient are 8 bytes in f64.
for old, new, count in [
    ("(local.set $k (i32.add (local.get $k) (i32.const 4)))", "(local.set $k (i32.add (local.get $k) (i32.const 8)))", 3),
    ("v128.load32_splat", "v128.load64_splat", 8),
]:
    assert s.count(old) == count, (old, s.count(old))
    s = s.replace(old, new)
s = s.replace("f32x4.", "f64x2.")
bad = [l for l in s.splitlines() if "f32" in l.replace("gdStepF32", "")]
assert not bad, bad
open("src/fast/wasm/gdStepF64.wat", "w").write(s)
