;; The float32 loss and gradient in plain 128-bit SIMD on 4 lanes of f32, every operation in
;; float32: the two O(n.d.p) phases (dots, accumulate) and the O(n.p) one between them (finish:
;; sigma, sigma', residuals, coefficients); src/fast/float32WasmKernel.ts calls them a block of
;; rows at a time. Every product is the one the generic model writes (w_jk.x_ik, a_j.s_ij,
;; (r_i.a_j).s'_ij, c_ij.x_ik), each rounded once to float32 (no fused multiply-add); only the
;; order of the sums differs, which the float32 contract's bound covers. exp, tanh and log1p are
;; this module's own, within the float32 ulps derived in ./elementaryAccuracy.ts (FLOAT32_FORMAT).
;; Addresses are byte offsets into the exported memory. Everything is padded with zeros to whole
;; vectors: rows of X, W and G have dP floats (d rounded up to a multiple of 4), W and G have pP
;; rows (p rounded up to a multiple of 4), the z and coefficient blocks rows of pP floats, and the
;; O(n.d.p) phases take a multiple of 4 rows (X's padding rows are 0, their coefficients 0). The
;; padding adds exact zeros to every sum, and padding lanes of z are written 0.
(module
  (memory (export "memory") 1)

  ;; Σ of the 4 lanes of v, as (l0 + l1) + (l2 + l3).
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; (Σ a0, Σ a1, Σ a2, Σ a3), each lane sum as (l0 + l2) + (l1 + l3), by two rounds of shuffles.
  (func $sum4 (param $a0 v128) (param $a1 v128) (param $a2 v128) (param $a3 v128) (result v128)
    (local $s01 v128) (local $s23 v128)
    (local.set $s01 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
    (local.set $s23 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s01) (local.get $s23))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s01) (local.get $s23))))

  ;; z[b·pP + j] = Σ_k w_jk·x_(r+b),k for b < rows (even), j < p, and 0 for p ≤ j < pP: X points
  ;; at row r. Two rows by four neurons at a time: each x and w vector loaded once for 2 resp. 4 products.
  (func (export "dots")
    (param $x i32) (param $w i32) (param $z i32) (param $rows i32) (param $dP i32) (param $p i32) (param $pP i32)
    (local $b i32) (local $j i32) (local $off i32) (local $x0 i32) (local $x1 i32) (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $rowBytes i32) (local $blockBytes i32) (local $zRow i32) (local $zRowBytes i32)
    (local $xv0 v128) (local $xv1 v128) (local $wv v128)
    (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128)
    (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local.set $rowBytes (i32.shl (local.get $dP) (i32.const 2)))
    (local.set $zRowBytes (i32.shl (local.get $pP) (i32.const 2)))
    (local.set $b (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
        (local.set $zRow (i32.add (local.get $z) (i32.mul (local.get $b) (local.get $zRowBytes))))
        (local.set $j (i32.const 0))
        (block $neuronsDone
          (loop $neuronsLoop
            (br_if $neuronsDone (i32.ge_u (local.get $j) (local.get $pP)))
            (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $w1 (i32.add (local.get $w0) (local.get $rowBytes)))
            (local.set $w2 (i32.add (local.get $w1) (local.get $rowBytes)))
            (local.set $w3 (i32.add (local.get $w2) (local.get $rowBytes)))
            (local.set $a00 (v128.const f32x4 0 0 0 0)) (local.set $a01 (v128.const f32x4 0 0 0 0))
            (local.set $a02 (v128.const f32x4 0 0 0 0)) (local.set $a03 (v128.const f32x4 0 0 0 0))
            (local.set $a10 (v128.const f32x4 0 0 0 0)) (local.set $a11 (v128.const f32x4 0 0 0 0))
            (local.set $a12 (v128.const f32x4 0 0 0 0)) (local.set $a13 (v128.const f32x4 0 0 0 0))
            (local.set $off (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $off) (local.get $rowBytes)))
                (local.set $xv0 (v128.load align=4 (i32.add (local.get $x0) (local.get $off))))
                (local.set $xv1 (v128.load align=4 (i32.add (local.get $x1) (local.get $off))))
                (local.set $wv (v128.load align=4 (i32.add (local.get $w0) (local.get $off))))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $wv) (local.get $xv0))))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $wv) (local.get $xv1))))
                (local.set $wv (v128.load align=4 (i32.add (local.get $w1) (local.get $off))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $wv) (local.get $xv0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $wv) (local.get $xv1))))
                (local.set $wv (v128.load align=4 (i32.add (local.get $w2) (local.get $off))))
                (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $wv) (local.get $xv0))))
                (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $wv) (local.get $xv1))))
                (local.set $wv (v128.load align=4 (i32.add (local.get $w3) (local.get $off))))
                (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $wv) (local.get $xv0))))
                (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $wv) (local.get $xv1))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $kLoop)))
            (v128.store align=4 (i32.add (local.get $zRow) (i32.shl (local.get $j) (i32.const 2)))
              (call $sum4 (local.get $a00) (local.get $a01) (local.get $a02) (local.get $a03)))
            (v128.store align=4 (i32.add (i32.add (local.get $zRow) (local.get $zRowBytes)) (i32.shl (local.get $j) (i32.const 2)))
              (call $sum4 (local.get $a10) (local.get $a11) (local.get $a12) (local.get $a13)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $neuronsLoop)))
        ;; Padding neurons: 0 (their zero weights times an infinite x would give NaN).
        (local.set $j (local.get $p))
        (block $padDone
          (loop $padLoop
            (br_if $padDone (i32.ge_u (local.get $j) (local.get $pP)))
            (f32.store (i32.add (local.get $zRow) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
            (f32.store (i32.add (i32.add (local.get $zRow) (local.get $zRowBytes)) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $padLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br $rowsLoop))))

  ;; g_j,k += Σ_b c[b·pP + j]·x_(r+b),k for j < pP, k < dP, b < rows (a multiple of 4): X points at
  ;; row r. Four rows by two neurons at a time: each g vector loaded and stored once per 4 rows,
  ;; each x vector loaded once for 2 neurons.
  (func (export "accumulate")
    (param $x i32) (param $c i32) (param $g i32) (param $rows i32) (param $dP i32) (param $pP i32)
    (local $b i32) (local $j i32) (local $off i32) (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $g0 i32) (local $g1 i32) (local $cb i32)
    (local $rowBytes i32) (local $coefRowBytes i32)
    (local $c00 v128) (local $c10 v128) (local $c20 v128) (local $c30 v128)
    (local $c01 v128) (local $c11 v128) (local $c21 v128) (local $c31 v128)
    (local $xv0 v128) (local $xv1 v128) (local $xv2 v128) (local $xv3 v128)
    (local.set $rowBytes (i32.shl (local.get $dP) (i32.const 2)))
    (local.set $coefRowBytes (i32.shl (local.get $pP) (i32.const 2)))
    (local.set $b (i32.const 0))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
        (local.set $x2 (i32.add (local.get $x1) (local.get $rowBytes)))
        (local.set $x3 (i32.add (local.get $x2) (local.get $rowBytes)))
        (local.set $j (i32.const 0))
        (block $neuronsDone
          (loop $neuronsLoop
            (br_if $neuronsDone (i32.ge_u (local.get $j) (local.get $pP)))
            (local.set $cb (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $pP)) (local.get $j)) (i32.const 2))))
            (local.set $c00 (v128.load32_splat (local.get $cb)))
            (local.set $c01 (v128.load32_splat offset=4 (local.get $cb)))
            (local.set $cb (i32.add (local.get $cb) (local.get $coefRowBytes)))
            (local.set $c10 (v128.load32_splat (local.get $cb)))
            (local.set $c11 (v128.load32_splat offset=4 (local.get $cb)))
            (local.set $cb (i32.add (local.get $cb) (local.get $coefRowBytes)))
            (local.set $c20 (v128.load32_splat (local.get $cb)))
            (local.set $c21 (v128.load32_splat offset=4 (local.get $cb)))
            (local.set $cb (i32.add (local.get $cb) (local.get $coefRowBytes)))
            (local.set $c30 (v128.load32_splat (local.get $cb)))
            (local.set $c31 (v128.load32_splat offset=4 (local.get $cb)))
            (local.set $g0 (i32.add (local.get $g) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $g1 (i32.add (local.get $g0) (local.get $rowBytes)))
            (local.set $off (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $off) (local.get $rowBytes)))
                (local.set $xv0 (v128.load align=4 (i32.add (local.get $x0) (local.get $off))))
                (local.set $xv1 (v128.load align=4 (i32.add (local.get $x1) (local.get $off))))
                (local.set $xv2 (v128.load align=4 (i32.add (local.get $x2) (local.get $off))))
                (local.set $xv3 (v128.load align=4 (i32.add (local.get $x3) (local.get $off))))
                (v128.store align=4 (i32.add (local.get $g0) (local.get $off))
                  (f32x4.add (v128.load align=4 (i32.add (local.get $g0) (local.get $off)))
                    (f32x4.add
                      (f32x4.add (f32x4.mul (local.get $c00) (local.get $xv0)) (f32x4.mul (local.get $c10) (local.get $xv1)))
                      (f32x4.add (f32x4.mul (local.get $c20) (local.get $xv2)) (f32x4.mul (local.get $c30) (local.get $xv3))))))
                (v128.store align=4 (i32.add (local.get $g1) (local.get $off))
                  (f32x4.add (v128.load align=4 (i32.add (local.get $g1) (local.get $off)))
                    (f32x4.add
                      (f32x4.add (f32x4.mul (local.get $c01) (local.get $xv0)) (f32x4.mul (local.get $c11) (local.get $xv1)))
                      (f32x4.add (f32x4.mul (local.get $c21) (local.get $xv2)) (f32x4.mul (local.get $c31) (local.get $xv3))))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $kLoop)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $neuronsLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $rowsLoop))))

  ;; ---- σ, σ' and the coefficients on f32x4 (see src/fast/wasm/elementaryAccuracy.ts,
  ;; FLOAT32_FORMAT, for the derived accuracy of $exp, $tanh and $log1p, and
  ;; test/fast/wasmElementaryF32.test.ts for its check) ----

  ;; 2^k for the integers k in the i32 lanes, each in [−126, 127]: the exponent bits.
  (func $twoTo (param $k v128) (result v128)
    (i32x4.shl (i32x4.add (local.get $k) (v128.const i32x4 127 127 127 127)) (i32.const 23)))

  ;; e^x. x = k·ln2 + r with k = nearest(x·log2 e) and |r| ≤ ln2/2 (+ rounding), ln2 split
  ;; Cody–Waite: LN2HI = 45426·2^-16 has 16 significant bits, so k·LN2HI is exact for |k| ≤ 256,
  ;; and x − k·LN2HI is exact: both are multiples of q = min(ulp(x), 2^-16) and the difference is
  ;; below 0.36 < 2^24·q wherever k ≠ 0 (there |x| ≥ 1/4). e^r = 1 + (r + r²·Q(r)), Q the Taylor
  ;; polynomial Σ_{n=2..8} r^(n−2)/n!. The scale 2^k is applied as 2^k1·2^k2 (k1 = floor(k/2)),
  ;; both normal, so the first product is exact and a subnormal result is rounded once. x is
  ;; clamped to [−104, 89] first: outside it the result is 0 or ∞ anyway, and NaN passes through.
  (func $exp (param $x v128) (result v128)
    (local $kf v128) (local $r v128) (local $q v128) (local $k v128) (local $k1 v128)
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -104 -104 -104 -104)) (v128.const f32x4 89 89 89 89)))
    (local.set $kf (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $kf) (v128.const f32x4 0.693145751953125 0.693145751953125 0.693145751953125 0.693145751953125)))
      (f32x4.mul (local.get $kf) (v128.const f32x4 1.428606765330187e-06 1.428606765330187e-06 1.428606765330187e-06 1.428606765330187e-06))))
    (local.set $q (v128.const f32x4 2.4801587642286904e-05 2.4801587642286904e-05 2.4801587642286904e-05 2.4801587642286904e-05))
    (local.set $q (f32x4.add (v128.const f32x4 0.00019841270113829523 0.00019841270113829523 0.00019841270113829523 0.00019841270113829523) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.0013888889225199819 0.0013888889225199819 0.0013888889225199819 0.0013888889225199819) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.008333333767950535 0.008333333767950535 0.008333333767950535 0.008333333767950535) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.0416666679084301 0.0416666679084301 0.0416666679084301 0.0416666679084301) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.1666666716337204 0.1666666716337204 0.1666666716337204 0.1666666716337204) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (local.get $r) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 1 1 1 1)
      (f32x4.add (local.get $r) (f32x4.mul (f32x4.mul (local.get $r) (local.get $r)) (local.get $q)))))
    (local.set $k (i32x4.trunc_sat_f32x4_s (local.get $kf)))
    (local.set $k1 (i32x4.shr_s (local.get $k) (i32.const 1)))
    (f32x4.mul (f32x4.mul (local.get $q) (call $twoTo (local.get $k1)))
               (call $twoTo (i32x4.sub (local.get $k) (local.get $k1)))))

  ;; tanh x = sign(x)·T(|x|). Where |x| < 0.55 (T < 1/2): T = t/(t + 2) with t = e^(2|x|) − 1
  ;; summed as y + y²·Σ_{n=2..12} y^(n−2)/n!, y = 2|x| (no cancellation: every term ≥ 0). Else
  ;; T = 1 − 2/(e^(2|x|) + 1) with |x| clamped to 12 (tanh 12 rounds to 1), where 1 − d loses
  ;; nothing (d < 1/2). The sign is copied bitwise, so tanh(−0) = −0 and NaN stays NaN.
  (func $tanh (param $x v128) (result v128)
    (local $ax v128) (local $small v128) (local $y v128) (local $q v128) (local $t v128) (local $e v128) (local $mag v128)
    (local.set $ax (f32x4.abs (local.get $x)))
    (local.set $small (f32x4.lt (local.get $ax) (v128.const f32x4 0.55 0.55 0.55 0.55)))
    (if (v128.any_true (local.get $small))
      (then
        (local.set $y (f32x4.add (local.get $ax) (local.get $ax)))
        (local.set $q (v128.const f32x4 2.0876755879584152e-09 2.0876755879584152e-09 2.0876755879584152e-09 2.0876755879584152e-09))
        (local.set $q (f32x4.add (v128.const f32x4 2.5052107943679403e-08 2.5052107943679403e-08 2.5052107943679403e-08 2.5052107943679403e-08) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 2.755731998149713e-07 2.755731998149713e-07 2.755731998149713e-07 2.755731998149713e-07) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 2.7557318844628753e-06 2.7557318844628753e-06 2.7557318844628753e-06 2.7557318844628753e-06) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 2.4801587642286904e-05 2.4801587642286904e-05 2.4801587642286904e-05 2.4801587642286904e-05) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.00019841270113829523 0.00019841270113829523 0.00019841270113829523 0.00019841270113829523) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.0013888889225199819 0.0013888889225199819 0.0013888889225199819 0.0013888889225199819) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.008333333767950535 0.008333333767950535 0.008333333767950535 0.008333333767950535) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.0416666679084301 0.0416666679084301 0.0416666679084301 0.0416666679084301) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.1666666716337204 0.1666666716337204 0.1666666716337204 0.1666666716337204) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $q (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.mul (local.get $y) (local.get $q))))
        (local.set $t (f32x4.add (local.get $y) (f32x4.mul (f32x4.mul (local.get $y) (local.get $y)) (local.get $q))))
        (local.set $mag (f32x4.div (local.get $t) (f32x4.add (local.get $t) (v128.const f32x4 2 2 2 2))))))
    (if (v128.any_true (v128.not (local.get $small)))
      (then
        (local.set $y (f32x4.min (local.get $ax) (v128.const f32x4 12 12 12 12)))
        (local.set $e (call $exp (f32x4.add (local.get $y) (local.get $y))))
        (local.set $mag (v128.bitselect (local.get $mag)
          (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.div (v128.const f32x4 2 2 2 2) (f32x4.add (local.get $e) (v128.const f32x4 1 1 1 1))))
          (local.get $small)))))
    (v128.or (local.get $mag) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; log1p e for e in [0, 1] only (softplus's log1p(e^-|z|)): with f = e/(2 + e) in [0, 1/3],
  ;; log1p e = 2 atanh f = 2f + 2f.w.S(w), w = f^2, S(w) = sum_{i=0..8} w^i/(2i + 3) (remainder
  ;; below 2.10^-10 relative at w = 1/9). The sum's correction is under 4 % of the result, so the
  ;; error is f's rounding (2u, times |d log1p/d f|.f/log1p <= 1/(1 - f^2)) plus half an ulp.
  (func $log1p (param $e v128) (result v128)
    (local $f v128) (local $w v128) (local $q v128) (local $twoF v128)
    (local.set $f (f32x4.div (local.get $e) (f32x4.add (v128.const f32x4 2 2 2 2) (local.get $e))))
    (local.set $w (f32x4.mul (local.get $f) (local.get $f)))
    (local.set $q (v128.const f32x4 0.05263157933950424 0.05263157933950424 0.05263157933950424 0.05263157933950424))
    (local.set $q (f32x4.add (v128.const f32x4 0.05882352963089943 0.05882352963089943 0.05882352963089943 0.05882352963089943) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.06666667014360428 0.06666667014360428 0.06666667014360428 0.06666667014360428) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.07692307978868484 0.07692307978868484 0.07692307978868484 0.07692307978868484) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.09090909361839294 0.09090909361839294 0.09090909361839294 0.09090909361839294) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.1111111119389534 0.1111111119389534 0.1111111119389534 0.1111111119389534) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.1428571492433548 0.1428571492433548 0.1428571492433548 0.1428571492433548) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.20000000298023224 0.20000000298023224 0.20000000298023224 0.20000000298023224) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $q (f32x4.add (v128.const f32x4 0.3333333432674408 0.3333333432674408 0.3333333432674408 0.3333333432674408) (f32x4.mul (local.get $w) (local.get $q))))
    (local.set $twoF (f32x4.add (local.get $f) (local.get $f)))
    (f32x4.add (local.get $twoF) (f32x4.mul (f32x4.mul (local.get $twoF) (local.get $w)) (local.get $q))))

  ;; σ(z) and σ'(z) in the formulas of src/model/activation.ts, each operation rounded once.
  ;; kind: 0 identity, 1 relu, 2 leaky-relu (slope α, 1 − α given), 3 quadratic, 4 tanh, 5 sigmoid,
  ;; 6 softplus.
  (func $activate (param $z v128) (param $kind i32) (param $alpha v128) (param $oneMinusAlpha v128) (result v128 v128)
    (local $s v128) (local $positive v128)
    (if (i32.eq (local.get $kind) (i32.const 4))
      (then
        (local.set $s (call $tanh (local.get $z)))
        (return (local.get $s) (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $s) (local.get $s))))))
    (if (i32.eq (local.get $kind) (i32.const 5))
      (then
        (local.set $s (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp (f32x4.neg (local.get $z))))))
        (return (local.get $s) (f32x4.mul (local.get $s) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $s))))))
    ;; z > 0 ? z : 0 and z > 0 ? 1 : 0 (σ'(0) = 0; NaN gives 0, as src/field/float64.ts).
    (local.set $positive (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0)))
    (if (i32.eq (local.get $kind) (i32.const 6))
      (then (return
        (f32x4.add (v128.and (local.get $z) (local.get $positive))
                   (call $log1p (call $exp (f32x4.neg (f32x4.abs (local.get $z))))))
        (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp (f32x4.neg (local.get $z))))))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then (return (v128.and (local.get $z) (local.get $positive)) (v128.and (v128.const f32x4 1 1 1 1) (local.get $positive)))))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then (return
        (f32x4.add (f32x4.mul (local.get $alpha) (local.get $z)) (f32x4.mul (local.get $oneMinusAlpha) (v128.and (local.get $z) (local.get $positive))))
        (f32x4.add (local.get $alpha) (f32x4.mul (local.get $oneMinusAlpha) (v128.and (v128.const f32x4 1 1 1 1) (local.get $positive)))))))
    (if (i32.eq (local.get $kind) (i32.const 3))
      (then (return (f32x4.mul (local.get $z) (local.get $z)) (f32x4.mul (v128.const f32x4 2 2 2 2) (local.get $z)))))
    (return (local.get $z) (v128.const f32x4 1 1 1 1)))

  ;; The O(n·p) part of a block of rows whose pre-activations are at z (rows of pP, padding 0):
  ;; z becomes σ(z), c becomes σ'(z), then (with gradients) c_bj = (r_b·a_j)·σ'(z_bj) and
  ;; ga_j += r_b·σ(z_bj); writes h_b = scale·Σ_j a_j·σ(z_bj) to out and r_b = y_b − h_b to res;
  ;; returns Σ_b r_b·r_b in float32. y, out and res point at the block's first row; a and ga have
  ;; pP entries (a's padding 0: a padding lane adds 0·σ(0), +0, to h, and its coefficient is 0).
  (func (export "finish")
    (param $z i32) (param $c i32) (param $a i32) (param $y i32) (param $out i32) (param $res i32) (param $ga i32)
    (param $rows i32) (param $pP i32) (param $scale f32) (param $kind i32) (param $alpha f32) (param $oneMinusAlpha f32)
    (param $gradients i32) (result f32)
    (local $b i32) (local $off i32) (local $rowBytes i32)
    (local $alphaV v128) (local $oneMinusAlphaV v128) (local $total v128) (local $s v128) (local $slope v128) (local $rv v128)
    (local $h f32) (local $r f32) (local $squares f32)
    (local.set $alphaV (f32x4.splat (local.get $alpha)))
    (local.set $oneMinusAlphaV (f32x4.splat (local.get $oneMinusAlpha)))
    (local.set $rowBytes (i32.shl (local.get $pP) (i32.const 2)))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $total (v128.const f32x4 0 0 0 0))
        (local.set $off (i32.const 0))
        (block $lanesDone
          (loop $lanesLoop
            (br_if $lanesDone (i32.ge_u (local.get $off) (local.get $rowBytes)))
            (call $activate (v128.load (i32.add (local.get $z) (local.get $off))) (local.get $kind) (local.get $alphaV) (local.get $oneMinusAlphaV))
            (local.set $slope)
            (local.set $s)
            (v128.store (i32.add (local.get $z) (local.get $off)) (local.get $s))
            (v128.store (i32.add (local.get $c) (local.get $off)) (local.get $slope))
            (local.set $total (f32x4.add (local.get $total) (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $off))) (local.get $s))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $lanesLoop)))
        (local.set $h (f32.mul (local.get $scale) (call $hsum (local.get $total))))
        (local.set $r (f32.sub (f32.load (local.get $y)) (local.get $h)))
        (f32.store (local.get $out) (local.get $h))
        (f32.store (local.get $res) (local.get $r))
        (local.set $squares (f32.add (local.get $squares) (f32.mul (local.get $r) (local.get $r))))
        (if (local.get $gradients)
          (then
            (local.set $rv (f32x4.splat (local.get $r)))
            (local.set $off (i32.const 0))
            (block $coefficientsDone
              (loop $coefficientsLoop
                (br_if $coefficientsDone (i32.ge_u (local.get $off) (local.get $rowBytes)))
                (v128.store (i32.add (local.get $c) (local.get $off))
                  (f32x4.mul (f32x4.mul (local.get $rv) (v128.load (i32.add (local.get $a) (local.get $off))))
                             (v128.load (i32.add (local.get $c) (local.get $off)))))
                (v128.store (i32.add (local.get $ga) (local.get $off))
                  (f32x4.add (v128.load (i32.add (local.get $ga) (local.get $off)))
                             (f32x4.mul (local.get $rv) (v128.load (i32.add (local.get $z) (local.get $off))))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $coefficientsLoop)))))
        (local.set $z (i32.add (local.get $z) (local.get $rowBytes)))
        (local.set $c (i32.add (local.get $c) (local.get $rowBytes)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $res (i32.add (local.get $res) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $rowsLoop)))
    (local.get $squares))

  ;; For the accuracy tests: dst[i] = e^src[i], i < count (count a multiple of 4).
  (func (export "expArray") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst) (call $exp (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; For the accuracy tests: value[i] = σ(src[i]), slope[i] = σ'(src[i]), i < count (a multiple of 4).
  (func (export "activateArray")
    (param $src i32) (param $value i32) (param $slope i32) (param $count i32) (param $kind i32) (param $alpha f32) (param $oneMinusAlpha f32)
    (local $end i32) (local $s v128) (local $ds v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (call $activate (v128.load (local.get $src)) (local.get $kind) (f32x4.splat (local.get $alpha)) (f32x4.splat (local.get $oneMinusAlpha)))
        (local.set $ds)
        (local.set $s)
        (v128.store (local.get $slope) (local.get $ds))
        (v128.store (local.get $value) (local.get $s))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $value (i32.add (local.get $value) (i32.const 16)))
        (local.set $slope (i32.add (local.get $slope) (i32.const 16)))
        (br $next))))

  ;; For the accuracy tests: dst[i] = log1p src[i], i < count (a multiple of 4; src in [0, 1]).
  (func (export "log1pArray") (param $src i32) (param $dst i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst) (call $log1p (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))
)
