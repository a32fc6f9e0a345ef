;; The two O(n·d·p) phases of the float64 loss and gradient (src/fast/wasmKernels.ts does the
;; O(n·p) rest in JavaScript: σ, σ', residuals, coefficients), in plain 128-bit SIMD on 2 lanes of
;; f64. Every product is the one the generic model writes (w_jk·x_ik and c_ij·x_ik), each rounded
;; once (no fused multiply-add); only the order of the sums differs, which the running error bound
;; of src/field/errorBound.ts covers. Addresses are byte offsets into the exported memory; rows of
;; X, W and G are d doubles, row-major.
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
)
