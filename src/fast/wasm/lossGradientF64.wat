;; The float64 loss and gradient in plain 128-bit SIMD on 2 lanes of f64: the two O(n.d.p)
;; phases (dots, accumulate) and the O(n.p) one between them (finish: sigma, sigma', residuals,
;; coefficients); src/fast/wasmKernels.ts calls them a block of rows at a time. Every product is
;; the one the generic model writes (w_jk.x_ik, a_j.s_ij, (r_i.a_j).s'_ij, c_ij.x_ik), each
;; rounded once (no fused multiply-add); only the order of the sums differs, which the running
;; error bound of src/field/errorBound.ts covers. exp, tanh and log1p are this module's own,
;; within the ulps derived in ./elementaryAccuracy.ts. Addresses are byte offsets into the exported memory; rows of X, W and
;; G are d doubles, row-major.
(module
  (memory (export "memory") 1)

  ;; z[b·p + j] = Σ_k w_jk·x_(r+b),k for b < rows, j < p: X points at row r.
  (func (export "dots")
    (param $x i32) (param $w i32) (param $z i32) (param $rows i32) (param $d i32) (param $p i32)
    (local $b i32) (local $j i32) (local $k i32) (local $off i32) (local $xr i32) (local $wr i32)
    (local $rowBytes i32) (local $d4 i32) (local $d2 i32) (local $zOut i32)
    (local $acc0 v128) (local $acc1 v128) (local $s f64)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $d2 (i32.and (local.get $d) (i32.const -2)))
    (local.set $zOut (local.get $z))
    (local.set $b (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $xr (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $wr (local.get $w))
        (local.set $j (i32.const 0))
        (block $neuronsDone
          (loop $neuronsLoop
            (br_if $neuronsDone (i32.ge_u (local.get $j) (local.get $p)))
            (local.set $acc0 (v128.const f64x2 0 0))
            (local.set $acc1 (v128.const f64x2 0 0))
            (local.set $k (i32.const 0))
            (block $fourDone
              (loop $fourLoop
                (br_if $fourDone (i32.ge_u (local.get $k) (local.get $d4)))
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (local.set $acc0 (f64x2.add (local.get $acc0)
                  (f64x2.mul (v128.load align=8 (i32.add (local.get $wr) (local.get $off)))
                             (v128.load align=8 (i32.add (local.get $xr) (local.get $off))))))
                (local.set $acc1 (f64x2.add (local.get $acc1)
                  (f64x2.mul (v128.load offset=16 align=8 (i32.add (local.get $wr) (local.get $off)))
                             (v128.load offset=16 align=8 (i32.add (local.get $xr) (local.get $off))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $fourLoop)))
            (if (i32.lt_u (local.get $k) (local.get $d2))
              (then
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (local.set $acc0 (f64x2.add (local.get $acc0)
                  (f64x2.mul (v128.load align=8 (i32.add (local.get $wr) (local.get $off)))
                             (v128.load align=8 (i32.add (local.get $xr) (local.get $off))))))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
            (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
            (if (i32.lt_u (local.get $k) (local.get $d))
              (then
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (i32.add (local.get $wr) (local.get $off)))
                           (f64.load (i32.add (local.get $xr) (local.get $off))))))))
            (f64.store (local.get $zOut) (local.get $s))
            (local.set $zOut (i32.add (local.get $zOut) (i32.const 8)))
            (local.set $wr (i32.add (local.get $wr) (local.get $rowBytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $neuronsLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $rowsLoop))))

  ;; g_j,k += Σ_b c[b·p + j]·x_(r+b),k for j < p, k < d: X points at row r. Two rows per pass
  ;; over g_j (each g entry loaded and stored once per 2 rows); an odd last row alone.
  (func (export "accumulate")
    (param $x i32) (param $c i32) (param $g i32) (param $rows i32) (param $d i32) (param $p i32)
    (local $b i32) (local $j i32) (local $k i32) (local $off i32) (local $gr i32) (local $x0 i32) (local $x1 i32)
    (local $rowBytes i32) (local $d2 i32) (local $rows2 i32)
    (local $c0 f64) (local $c1 f64) (local $v0 v128) (local $v1 v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $d2 (i32.and (local.get $d) (i32.const -2)))
    (local.set $rows2 (i32.and (local.get $rows) (i32.const -2)))
    (local.set $gr (local.get $g))
    (local.set $j (i32.const 0))
    (block $neuronsDone
      (loop $neuronsLoop
        (br_if $neuronsDone (i32.ge_u (local.get $j) (local.get $p)))
        (local.set $b (i32.const 0))
        (block $pairsDone
          (loop $pairsLoop
            (br_if $pairsDone (i32.ge_u (local.get $b) (local.get $rows2)))
            (local.set $c0 (f64.load (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $p)) (local.get $j)) (i32.const 3)))))
            (local.set $c1 (f64.load (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (i32.add (local.get $b) (i32.const 1)) (local.get $p)) (local.get $j)) (i32.const 3)))))
            (local.set $v0 (f64x2.splat (local.get $c0)))
            (local.set $v1 (f64x2.splat (local.get $c1)))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $rowBytes))))
            (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $d2)))
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (v128.store align=8 (i32.add (local.get $gr) (local.get $off))
                  (f64x2.add (v128.load align=8 (i32.add (local.get $gr) (local.get $off)))
                    (f64x2.add (f64x2.mul (local.get $v0) (v128.load align=8 (i32.add (local.get $x0) (local.get $off))))
                               (f64x2.mul (local.get $v1) (v128.load align=8 (i32.add (local.get $x1) (local.get $off)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $kLoop)))
            (if (i32.lt_u (local.get $k) (local.get $d))
              (then
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (f64.store (i32.add (local.get $gr) (local.get $off))
                  (f64.add (f64.load (i32.add (local.get $gr) (local.get $off)))
                    (f64.add (f64.mul (local.get $c0) (f64.load (i32.add (local.get $x0) (local.get $off))))
                             (f64.mul (local.get $c1) (f64.load (i32.add (local.get $x1) (local.get $off)))))))))
            (local.set $b (i32.add (local.get $b) (i32.const 2)))
            (br $pairsLoop)))
        (if (i32.lt_u (local.get $b) (local.get $rows))
          (then
            (local.set $c0 (f64.load (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $p)) (local.get $j)) (i32.const 3)))))
            (local.set $v0 (f64x2.splat (local.get $c0)))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $lastDone
              (loop $lastLoop
                (br_if $lastDone (i32.ge_u (local.get $k) (local.get $d2)))
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (v128.store align=8 (i32.add (local.get $gr) (local.get $off))
                  (f64x2.add (v128.load align=8 (i32.add (local.get $gr) (local.get $off)))
                    (f64x2.mul (local.get $v0) (v128.load align=8 (i32.add (local.get $x0) (local.get $off))))))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $lastLoop)))
            (if (i32.lt_u (local.get $k) (local.get $d))
              (then
                (local.set $off (i32.shl (local.get $k) (i32.const 3)))
                (f64.store (i32.add (local.get $gr) (local.get $off))
                  (f64.add (f64.load (i32.add (local.get $gr) (local.get $off)))
                    (f64.mul (local.get $c0) (f64.load (i32.add (local.get $x0) (local.get $off))))))))))
        (local.set $gr (i32.add (local.get $gr) (local.get $rowBytes)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $neuronsLoop))))

  ;; ---- σ, σ' and the coefficients on f64x2 (see src/fast/wasm/elementaryAccuracy.ts for the
  ;; derived accuracy of $exp and $tanh, and test/fast/wasmElementary.test.ts for its check) ----

  ;; 2^k for the integers k in the two low i32 lanes, each in [−1022, 1023]: the exponent bits.
  (func $twoTo (param $k v128) (result v128)
    (i64x2.shl (i64x2.extend_low_i32x4_s (i32x4.add (local.get $k) (v128.const i32x4 1023 1023 1023 1023))) (i32.const 52)))

  ;; e^x. x = k·ln2 + r with k = nearest(x·log2 e) and |r| ≤ ln2/2 (+ rounding), ln2 split
  ;; Cody–Waite: LN2HI has 32 significant bits, so k·LN2HI and x − k·LN2HI are exact for
  ;; |k| ≤ 1077. e^r = 1 + (r + r²·Q(r)), Q the Taylor polynomial Σ_{n=2..13} r^(n−2)/n!. The
  ;; scale 2^k is applied as 2^k1·2^k2 (k1 = floor(k/2)), both normal, so the first product is exact
  ;; and a subnormal result is rounded once. x is clamped to [−746, 710] first: outside it the
  ;; result is 0 or ∞ anyway, and NaN passes through min/max.
  (func $exp (param $x v128) (result v128)
    (local $kf v128) (local $r v128) (local $q v128) (local $k v128) (local $k1 v128)
    (local.set $x (f64x2.min (f64x2.max (local.get $x) (v128.const f64x2 -746 -746)) (v128.const f64x2 710 710)))
    (local.set $kf (f64x2.nearest (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
      (f64x2.mul (local.get $kf) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
    (local.set $q (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
    (local.set $q (f64x2.add (v128.const f64x2 2.08767569878681e-9 2.08767569878681e-9) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.505210838544172e-8 2.505210838544172e-8) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.755731922398589e-7 2.755731922398589e-7) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.0000027557319223985893 0.0000027557319223985893) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.0000248015873015873 0.0000248015873015873) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 1 1)
      (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $q)))))
    (local.set $k (i32x4.trunc_sat_f64x2_s_zero (local.get $kf)))
    (local.set $k1 (i32x4.shr_s (local.get $k) (i32.const 1)))
    (f64x2.mul (f64x2.mul (local.get $q) (call $twoTo (local.get $k1)))
               (call $twoTo (i32x4.sub (local.get $k) (local.get $k1)))))

  ;; tanh x = sign(x)·T(|x|). Where |x| < 0.55 (T < 1/2): T = t/(t + 2) with t = e^(2|x|) − 1
  ;; summed as y + y²·Σ_{n=2..20} y^(n−2)/n!, y = 2|x| (no cancellation: every term ≥ 0). Else
  ;; T = 1 − 2/(e^(2|x|) + 1) with |x| clamped to 22 (tanh 22 rounds to 1), where 1 − d loses
  ;; nothing (d < 1/2). The sign is copied bitwise, so tanh(−0) = −0 and NaN stays NaN.
  (func $tanh (param $x v128) (result v128)
    (local $ax v128) (local $small v128) (local $y v128) (local $q v128) (local $t v128) (local $e v128) (local $mag v128)
    (local.set $ax (f64x2.abs (local.get $x)))
    (local.set $small (f64x2.lt (local.get $ax) (v128.const f64x2 0.55 0.55)))
    (if (v128.any_true (local.get $small))
      (then
        (local.set $y (f64x2.add (local.get $ax) (local.get $ax)))
        (local.set $q (v128.const f64x2 4.110317623312165e-19 4.110317623312165e-19))
        (local.set $q (f64x2.add (v128.const f64x2 8.22063524662433e-18 8.22063524662433e-18) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 1.5619206968586225e-16 1.5619206968586225e-16) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 2.8114572543455206e-15 2.8114572543455206e-15) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 4.779477332387385e-14 4.779477332387385e-14) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 7.647163731819816e-13 7.647163731819816e-13) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 1.1470745597729725e-11 1.1470745597729725e-11) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 2.08767569878681e-9 2.08767569878681e-9) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 2.505210838544172e-8 2.505210838544172e-8) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 2.755731922398589e-7 2.755731922398589e-7) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.0000027557319223985893 0.0000027557319223985893) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.0000248015873015873 0.0000248015873015873) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $q (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $y) (local.get $q))))
        (local.set $t (f64x2.add (local.get $y) (f64x2.mul (f64x2.mul (local.get $y) (local.get $y)) (local.get $q))))
        (local.set $mag (f64x2.div (local.get $t) (f64x2.add (local.get $t) (v128.const f64x2 2 2))))))
    (if (v128.any_true (v128.not (local.get $small)))
      (then
        (local.set $y (f64x2.min (local.get $ax) (v128.const f64x2 22 22)))
        (local.set $e (call $exp (f64x2.add (local.get $y) (local.get $y))))
        (local.set $mag (v128.bitselect (local.get $mag)
          (f64x2.sub (v128.const f64x2 1 1) (f64x2.div (v128.const f64x2 2 2) (f64x2.add (local.get $e) (v128.const f64x2 1 1))))
          (local.get $small)))))
    (v128.or (local.get $mag) (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))

  ;; log1p e for e in [0, 1] only (softplus's log1p(e^-|z|)): with f = e/(2 + e) in [0, 1/3],
  ;; log1p e = 2 atanh f = 2f + 2f.w.S(w), w = f^2, S(w) = sum_{i=0..16} w^i/(2i + 3) (remainder
  ;; below 10^-19 relative at w = 1/9). The sum's correction is under 4 % of the result, so the
  ;; error is f's rounding (2u, times |d log1p/d f|.f/log1p <= 1/(1 - f^2)) plus half an ulp.
  (func $log1p (param $e v128) (result v128)
    (local $f v128) (local $w v128) (local $q v128) (local $twoF v128)
    (local.set $f (f64x2.div (local.get $e) (f64x2.add (v128.const f64x2 2 2) (local.get $e))))
    (local.set $w (f64x2.mul (local.get $f) (local.get $f)))
    (local.set $q (v128.const f64x2 0.02857142857142857 0.02857142857142857))
    (local.set $q (f64x2.add (v128.const f64x2 0.030303030303030304 0.030303030303030304) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.03225806451612903 0.03225806451612903) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.034482758620689655 0.034482758620689655) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.037037037037037035 0.037037037037037035) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.04 0.04) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.043478260869565216 0.043478260869565216) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.047619047619047616 0.047619047619047616) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.05263157894736842 0.05263157894736842) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.058823529411764705 0.058823529411764705) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.06666666666666667 0.06666666666666667) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.07692307692307693 0.07692307692307693) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.09090909090909091 0.09090909090909091) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.1111111111111111 0.1111111111111111) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.14285714285714285 0.14285714285714285) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.2 0.2) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.3333333333333333 0.3333333333333333) (f64x2.mul (local.get $w) (local.get $q))))
    (local.set $twoF (f64x2.add (local.get $f) (local.get $f)))
    (f64x2.add (local.get $twoF) (f64x2.mul (f64x2.mul (local.get $twoF) (local.get $w)) (local.get $q))))

  ;; σ(z) and σ'(z) in the formulas of src/model/activation.ts, each product rounded once.
  ;; kind: 0 identity, 1 relu, 2 leaky-relu (slope α, 1 − α given), 3 quadratic, 4 tanh, 5 sigmoid,
  ;; 6 softplus.
  (func $activate (param $z v128) (param $kind i32) (param $alpha v128) (param $oneMinusAlpha v128) (result v128 v128)
    (local $s v128) (local $positive v128)
    (if (i32.eq (local.get $kind) (i32.const 4))
      (then
        (local.set $s (call $tanh (local.get $z)))
        (return (local.get $s) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $s) (local.get $s))))))
    (if (i32.eq (local.get $kind) (i32.const 5))
      (then
        (local.set $s (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1) (call $exp (f64x2.neg (local.get $z))))))
        (return (local.get $s) (f64x2.mul (local.get $s) (f64x2.sub (v128.const f64x2 1 1) (local.get $s))))))
    ;; z > 0 ? z : 0 and z > 0 ? 1 : 0 (σ'(0) = 0; NaN gives 0, as src/field/float64.ts).
    (local.set $positive (f64x2.gt (local.get $z) (v128.const f64x2 0 0)))
    (if (i32.eq (local.get $kind) (i32.const 6))
      (then (return
        (f64x2.add (v128.and (local.get $z) (local.get $positive))
                   (call $log1p (call $exp (f64x2.neg (f64x2.abs (local.get $z))))))
        (f64x2.div (v128.const f64x2 1 1) (f64x2.add (v128.const f64x2 1 1) (call $exp (f64x2.neg (local.get $z))))))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then (return (v128.and (local.get $z) (local.get $positive)) (v128.and (v128.const f64x2 1 1) (local.get $positive)))))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then (return
        (f64x2.add (f64x2.mul (local.get $alpha) (local.get $z)) (f64x2.mul (local.get $oneMinusAlpha) (v128.and (local.get $z) (local.get $positive))))
        (f64x2.add (local.get $alpha) (f64x2.mul (local.get $oneMinusAlpha) (v128.and (v128.const f64x2 1 1) (local.get $positive)))))))
    (if (i32.eq (local.get $kind) (i32.const 3))
      (then (return (f64x2.mul (local.get $z) (local.get $z)) (f64x2.mul (v128.const f64x2 2 2) (local.get $z)))))
    (return (local.get $z) (v128.const f64x2 1 1)))

  ;; The O(n·p) part of a block of rows whose pre-activations are at z (row-major, p per row):
  ;; z becomes σ(z), c becomes σ'(z), then (with gradients) c_bj = (r_b·a_j)·σ'(z_bj) and
  ;; ga_j += r_b·σ(z_bj); writes h_b = scale·Σ_j a_j·σ(z_bj) to out and r_b = y_b − h_b to res;
  ;; returns Σ_b r_b². y, out and res point at the block's first row.
  (func (export "finish")
    (param $z i32) (param $c i32) (param $a i32) (param $y i32) (param $out i32) (param $res i32) (param $ga i32)
    (param $rows i32) (param $p i32) (param $scale f64) (param $kind i32) (param $alpha f64) (param $oneMinusAlpha f64)
    (param $gradients i32) (result f64)
    (local $b i32) (local $off i32) (local $pairBytes i32) (local $rowBytes i32)
    (local $alphaV v128) (local $oneMinusAlphaV v128) (local $total v128) (local $s v128) (local $slope v128) (local $rv v128)
    (local $h f64) (local $r f64) (local $squares f64)
    (local.set $alphaV (f64x2.splat (local.get $alpha)))
    (local.set $oneMinusAlphaV (f64x2.splat (local.get $oneMinusAlpha)))
    (local.set $rowBytes (i32.shl (local.get $p) (i32.const 3)))
    (local.set $pairBytes (i32.shl (i32.and (local.get $p) (i32.const -2)) (i32.const 3)))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $total (v128.const f64x2 0 0))
        (local.set $off (i32.const 0))
        (block $pairsDone
          (loop $pairsLoop
            (br_if $pairsDone (i32.ge_u (local.get $off) (local.get $pairBytes)))
            (call $activate (v128.load align=8 (i32.add (local.get $z) (local.get $off))) (local.get $kind) (local.get $alphaV) (local.get $oneMinusAlphaV))
            (local.set $slope)
            (local.set $s)
            (v128.store align=8 (i32.add (local.get $z) (local.get $off)) (local.get $s))
            (v128.store align=8 (i32.add (local.get $c) (local.get $off)) (local.get $slope))
            (local.set $total (f64x2.add (local.get $total) (f64x2.mul (v128.load align=8 (i32.add (local.get $a) (local.get $off))) (local.get $s))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $pairsLoop)))
        (if (i32.lt_u (local.get $off) (local.get $rowBytes))
          (then
            (call $activate (v128.load64_zero align=8 (i32.add (local.get $z) (local.get $off))) (local.get $kind) (local.get $alphaV) (local.get $oneMinusAlphaV))
            (local.set $slope)
            (local.set $s)
            (v128.store64_lane align=8 0 (i32.add (local.get $z) (local.get $off)) (local.get $s))
            (v128.store64_lane align=8 0 (i32.add (local.get $c) (local.get $off)) (local.get $slope))
            ;; Lane 1 adds a_j = 0 times σ(0), finite for every kind: +0.
            (local.set $total (f64x2.add (local.get $total) (f64x2.mul (v128.load64_zero align=8 (i32.add (local.get $a) (local.get $off))) (local.get $s))))))
        (local.set $h (f64.mul (local.get $scale) (f64.add (f64x2.extract_lane 0 (local.get $total)) (f64x2.extract_lane 1 (local.get $total)))))
        (local.set $r (f64.sub (f64.load (local.get $y)) (local.get $h)))
        (f64.store (local.get $out) (local.get $h))
        (f64.store (local.get $res) (local.get $r))
        (local.set $squares (f64.add (local.get $squares) (f64.mul (local.get $r) (local.get $r))))
        (if (local.get $gradients)
          (then
            (local.set $rv (f64x2.splat (local.get $r)))
            (local.set $off (i32.const 0))
            (block $coefficientsDone
              (loop $coefficientsLoop
                (br_if $coefficientsDone (i32.ge_u (local.get $off) (local.get $pairBytes)))
                (v128.store align=8 (i32.add (local.get $c) (local.get $off))
                  (f64x2.mul (f64x2.mul (local.get $rv) (v128.load align=8 (i32.add (local.get $a) (local.get $off))))
                             (v128.load align=8 (i32.add (local.get $c) (local.get $off)))))
                (v128.store align=8 (i32.add (local.get $ga) (local.get $off))
                  (f64x2.add (v128.load align=8 (i32.add (local.get $ga) (local.get $off)))
                             (f64x2.mul (local.get $rv) (v128.load align=8 (i32.add (local.get $z) (local.get $off))))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $coefficientsLoop)))
            (if (i32.lt_u (local.get $off) (local.get $rowBytes))
              (then
                (f64.store (i32.add (local.get $c) (local.get $off))
                  (f64.mul (f64.mul (local.get $r) (f64.load (i32.add (local.get $a) (local.get $off))))
                           (f64.load (i32.add (local.get $c) (local.get $off)))))
                (f64.store (i32.add (local.get $ga) (local.get $off))
                  (f64.add (f64.load (i32.add (local.get $ga) (local.get $off)))
                           (f64.mul (local.get $r) (f64.load (i32.add (local.get $z) (local.get $off))))))))))
        (local.set $z (i32.add (local.get $z) (local.get $rowBytes)))
        (local.set $c (i32.add (local.get $c) (local.get $rowBytes)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $res (i32.add (local.get $res) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $rowsLoop)))
    (local.get $squares))

  ;; For the accuracy tests: dst[i] = e^src[i], i < count (count even).
  (func (export "expArray") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store align=8 (local.get $dst) (call $exp (v128.load align=8 (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; For the accuracy tests: value[i] = σ(src[i]), slope[i] = σ'(src[i]), i < count (count even).
  (func (export "activateArray")
    (param $src i32) (param $value i32) (param $slope i32) (param $count i32) (param $kind i32) (param $alpha f64) (param $oneMinusAlpha f64)
    (local $end i32) (local $s v128) (local $ds v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (call $activate (v128.load align=8 (local.get $src)) (local.get $kind) (f64x2.splat (local.get $alpha)) (f64x2.splat (local.get $oneMinusAlpha)))
        (local.set $ds)
        (local.set $s)
        (v128.store align=8 (local.get $slope) (local.get $ds))
        (v128.store align=8 (local.get $value) (local.get $s))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $value (i32.add (local.get $value) (i32.const 16)))
        (local.set $slope (i32.add (local.get $slope) (i32.const 16)))
        (br $next))))

  ;; For the accuracy tests: dst[i] = log1p src[i], i < count (count even; src in [0, 1]).
  (func (export "log1pArray") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store align=8 (local.get $dst) (call $log1p (v128.load align=8 (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))
)
