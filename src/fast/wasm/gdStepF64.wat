;; Fused GD step of dana2025's model in float64 arithmetic with 128-bit SIMD: gdStepF32.wat with
;; 2 lanes of f64 (generated from it by src/fast/wasm/makeF64.py, do not edit by hand; see
;; src/fast/gdStepWasm.ts for the semantics and how to rebuild the .wasm).
;; All offsets and strides are in bytes; 16 bytes = one vector of 2 lanes.
;;
;; Memory (byte offsets passed in, all 16-byte aligned; nP rows (multiple of 4), dP columns
;; (multiple of 2), pP neurons (multiple of 4); padding rows, columns and neurons are zero):
;;   X    nP×dP f64      W    pP×dP f64     y  nP f64      a  pP f64
;;   z    4×pP f64 (one block of 4 rows)     sumA pP f64
;;   Wt   dP×pP f64 (Wᵀ, rebuilt each step), then sumW dP f64 (one neuron's gradient row)
;;   coef nP×pP f64 (r_i·a_j where z_ij > 0, else +0)
;;   listRows nP i32 (byte offsets in X), listCoef nP f64: one neuron's rows with c ≠ 0
;;
;; Every `(f64x2.add acc (f64x2.mul u v))` is one multiply-add: buildKernels.ts rewrites them to
;; `f64x2.relaxed_madd` (fused where the CPU has FMA) for the relaxed-SIMD build.
(module
  (import "env" "memory" (memory 1))

  ;; Wt[k][j] = W[j][k]: the forward pass then reads 4 neurons of one column per load.
  (func $transpose (param $W i32) (param $Wt i32) (param $rowBytes i32) (param $pBytes i32)
    (local $j i32) (local $k i32) (local $from i32) (local $to i32)
    (local.set $j (i32.const 0))
    (local.set $from (local.get $W))
    (loop $neurons
      (local.set $to (i32.add (local.get $Wt) (local.get $j)))
      (local.set $k (i32.const 0))
      (loop $cols
        (f64.store (local.get $to) (f64.load (i32.add (local.get $from) (local.get $k))))
        (local.set $to (i32.add (local.get $to) (local.get $pBytes)))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br_if $cols (i32.lt_u (local.get $k) (local.get $rowBytes))))
      (local.set $from (i32.add (local.get $from) (local.get $rowBytes)))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br_if $neurons (i32.lt_u (local.get $j) (local.get $pBytes)))))

  ;; z[b][j] for the 4 rows at byte offset $x0 (row stride $rowBytes), every neuron: lanes along
  ;; j, blocks of 4 rows × 2 vectors of neurons (8 accumulators), each lane a running sum along k;
  ;; then one vector of neurons if pP is not a multiple of 2 vectors.
  (func $pre4 (param $Wt i32) (param $z i32) (param $x0 i32) (param $rowBytes i32) (param $pBytes i32)
    (local $j i32) (local $k i32) (local $wk i32) (local $x1 i32) (local $x2 i32) (local $x3 i32) (local $zo i32)
    (local $v v128) (local $wa v128) (local $wb v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $x1 (i32.add (local.get $x0) (local.get $rowBytes)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $rowBytes)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $rowBytes)))
    (local.set $j (i32.const 0))
    (block $donePairs
      (loop $pairs
        (br_if $donePairs (i32.gt_u (i32.add (local.get $j) (i32.const 32)) (local.get $pBytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0))
        (local.set $wk (i32.add (local.get $Wt) (local.get $j)))
        (local.set $k (i32.const 0))
        (loop $cols
          (local.set $wa (v128.load (local.get $wk)))
          (local.set $wb (v128.load offset=16 (local.get $wk)))
          (local.set $v (v128.load64_splat (i32.add (local.get $x0) (local.get $k))))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $wa) (local.get $v))))
          (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $wb) (local.get $v))))
          (local.set $v (v128.load64_splat (i32.add (local.get $x1) (local.get $k))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $wa) (local.get $v))))
          (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $wb) (local.get $v))))
          (local.set $v (v128.load64_splat (i32.add (local.get $x2) (local.get $k))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $wa) (local.get $v))))
          (local.set $b2 (f64x2.add (local.get $b2) (f64x2.mul (local.get $wb) (local.get $v))))
          (local.set $v (v128.load64_splat (i32.add (local.get $x3) (local.get $k))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $wa) (local.get $v))))
          (local.set $b3 (f64x2.add (local.get $b3) (f64x2.mul (local.get $wb) (local.get $v))))
          (local.set $wk (i32.add (local.get $wk) (local.get $pBytes)))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br_if $cols (i32.lt_u (local.get $k) (local.get $rowBytes))))
        (local.set $zo (i32.add (local.get $z) (local.get $j)))
        (v128.store (local.get $zo) (local.get $a0))
        (v128.store offset=16 (local.get $zo) (local.get $b0))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a1))
        (v128.store offset=16 (local.get $zo) (local.get $b1))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a2))
        (v128.store offset=16 (local.get $zo) (local.get $b2))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a3))
        (v128.store offset=16 (local.get $zo) (local.get $b3))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $pairs)))
    (if (i32.lt_u (local.get $j) (local.get $pBytes))
      (then
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $wk (i32.add (local.get $Wt) (local.get $j)))
        (local.set $k (i32.const 0))
        (loop $cols1
          (local.set $wa (v128.load (local.get $wk)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $wa) (v128.load64_splat (i32.add (local.get $x0) (local.get $k))))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $wa) (v128.load64_splat (i32.add (local.get $x1) (local.get $k))))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $wa) (v128.load64_splat (i32.add (local.get $x2) (local.get $k))))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $wa) (v128.load64_splat (i32.add (local.get $x3) (local.get $k))))))
          (local.set $wk (i32.add (local.get $wk) (local.get $pBytes)))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (br_if $cols1 (i32.lt_u (local.get $k) (local.get $rowBytes))))
        (local.set $zo (i32.add (local.get $z) (local.get $j)))
        (v128.store (local.get $zo) (local.get $a0))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a1))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a2))
        (local.set $zo (i32.add (local.get $zo) (local.get $pBytes)))
        (v128.store (local.get $zo) (local.get $a3)))))

  ;; Σ of the 2 lanes of v.
  (func $hsum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; One step. Returns Σ r_i² at the
  ;; parameters before the step; steps only when that is ≥ $stopBelow.
  (func (export "step")
    (param $X i32) (param $W i32) (param $y i32) (param $a i32) (param $z i32)
    (param $sumA i32) (param $Wt i32) (param $coef i32) (param $listRows i32) (param $listCoef i32)
    (param $nP i32) (param $dP i32) (param $pP i32)
    (param $scale f64) (param $stepSize f64) (param $stopBelow f64)
    (result f64)
    (local $rowBytes i32) (local $coefRowBytes i32) (local $i i32) (local $b i32) (local $j i32) (local $t i32)
    (local $k i32) (local $r f64) (local $squares f64) (local $c f64)
    (local $zrow i32) (local $crow i32) (local $slot i32) (local $wrow i32) (local $rowOffset i32) (local $end i32)
    (local $m i32) (local $sumW i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $zv v128) (local $acc v128) (local $rv v128) (local $stepV v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $s v128)
    (local.set $rowBytes (i32.shl (local.get $dP) (i32.const 3)))
    (local.set $coefRowBytes (i32.shl (local.get $pP) (i32.const 3)))
    (call $transpose (local.get $W) (local.get $Wt) (local.get $rowBytes) (local.get $coefRowBytes))
    ;; The gradient row of one neuron: after Wᵀ.
    (local.set $sumW (i32.add (local.get $Wt) (i32.mul (local.get $pP) (local.get $rowBytes))))
    (memory.fill (local.get $sumA) (i32.const 0) (local.get $coefRowBytes))
    (local.set $squares (f64.const 0))
    (local.set $i (i32.const 0))
    (loop $blocks
      (call $pre4 (local.get $Wt) (local.get $z)
        (i32.add (local.get $X) (i32.mul (local.get $i) (local.get $rowBytes))) (local.get $rowBytes) (local.get $coefRowBytes))
      (local.set $b (i32.const 0))
      (loop $rowsOfBlock
        (local.set $zrow (i32.add (local.get $z) (i32.mul (local.get $b) (local.get $coefRowBytes))))
        ;; Σ_j a_j·max(z_j, 0), 4 neurons per lane group (an inactive neuron adds ±0).
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $out
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $j)))
              (f64x2.max (v128.load (i32.add (local.get $zrow) (local.get $j))) (v128.const i32x4 0 0 0 0)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $out (i32.lt_u (local.get $j) (local.get $coefRowBytes))))
        (local.set $r (f64.sub
          (f64.load (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (local.get $b)) (i32.const 3))))
          (f64.mul (local.get $scale) (call $hsum (local.get $acc)))))
        (local.set $squares (f64.add (local.get $squares)
          (f64.mul (local.get $r) (local.get $r))))
        ;; sumA_j += r·max(z_j, 0); coef[i][j] = r·a_j where z_j > 0, +0 elsewhere.
        (local.set $rv (f64x2.splat (local.get $r)))
        (local.set $crow (i32.add (local.get $coef) (i32.mul (i32.add (local.get $i) (local.get $b)) (local.get $coefRowBytes))))
        (local.set $j (i32.const 0))
        (loop $record
          (local.set $zv (v128.load (i32.add (local.get $zrow) (local.get $j))))
          (local.set $slot (i32.add (local.get $sumA) (local.get $j)))
          (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot))
            (f64x2.mul (local.get $rv) (f64x2.max (local.get $zv) (v128.const i32x4 0 0 0 0)))))
          (v128.store (i32.add (local.get $crow) (local.get $j))
            (v128.and
              (f64x2.mul (local.get $rv) (v128.load (i32.add (local.get $a) (local.get $j))))
              (f64x2.gt (local.get $zv) (v128.const i32x4 0 0 0 0))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $record (i32.lt_u (local.get $j) (local.get $coefRowBytes))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br_if $rowsOfBlock (i32.lt_u (local.get $b) (i32.const 4))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $blocks (i32.lt_u (local.get $i) (local.get $nP))))
    (if (f64.lt (local.get $squares) (local.get $stopBelow)) (then (return (local.get $squares))))
    ;; Backward, neuron by neuron: list the rows with a nonzero coefficient (branch-free: every
    ;; row is written at the end of the list, which grows only when c ≠ 0), then add their
    ;; c·x_i 4 rows at a time, each added in turn into sumW (a chain of multiply-adds, which the
    ;; relaxed build fuses); skipped rows (inactive, or c = ±0) would add only zeros.
    (local.set $stepV (f64x2.splat (local.get $stepSize)))
    (local.set $j (i32.const 0))
    (loop $neurons
      (local.set $m (i32.const 0))
      (local.set $slot (i32.add (local.get $coef) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $rowOffset (local.get $X))
      (local.set $end (i32.add (local.get $X) (i32.mul (local.get $nP) (local.get $rowBytes))))
      (loop $scan
        (local.set $c (f64.load (local.get $slot)))
        (i32.store (i32.add (local.get $listRows) (i32.shl (local.get $m) (i32.const 2))) (local.get $rowOffset))
        (f64.store (i32.add (local.get $listCoef) (i32.shl (local.get $m) (i32.const 3))) (local.get $c))
        (local.set $m (i32.add (local.get $m) (f64.ne (local.get $c) (f64.const 0))))
        (local.set $slot (i32.add (local.get $slot) (local.get $coefRowBytes)))
        (local.set $rowOffset (i32.add (local.get $rowOffset) (local.get $rowBytes)))
        (br_if $scan (i32.lt_u (local.get $rowOffset) (local.get $end))))
      (if (i32.gt_u (local.get $m) (i32.const 0))
        (then
          (memory.fill (local.get $sumW) (i32.const 0) (local.get $rowBytes))
          (local.set $t (i32.const 0))
          (block $doneGroups
            (loop $groups
              (br_if $doneGroups (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $m)))
              (local.set $slot (i32.shl (local.get $t) (i32.const 2)))
              (local.set $o0 (i32.load (i32.add (local.get $listRows) (local.get $slot))))
              (local.set $o1 (i32.load offset=4 (i32.add (local.get $listRows) (local.get $slot))))
              (local.set $o2 (i32.load offset=8 (i32.add (local.get $listRows) (local.get $slot))))
              (local.set $o3 (i32.load offset=12 (i32.add (local.get $listRows) (local.get $slot))))
              (local.set $c0 (f64x2.splat (f64.load (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c1 (f64x2.splat (f64.load offset=8 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c2 (f64x2.splat (f64.load offset=16 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $c3 (f64x2.splat (f64.load offset=24 (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $k (i32.const 0))
              (loop $cols
                (local.set $s (v128.load (i32.add (local.get $sumW) (local.get $k))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $o0) (local.get $k))))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $c1) (v128.load (i32.add (local.get $o1) (local.get $k))))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $c2) (v128.load (i32.add (local.get $o2) (local.get $k))))))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $c3) (v128.load (i32.add (local.get $o3) (local.get $k))))))
                (v128.store (i32.add (local.get $sumW) (local.get $k)) (local.get $s))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br_if $cols (i32.lt_u (local.get $k) (local.get $rowBytes))))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br $groups)))
          (block $doneTail
            (loop $tail
              (br_if $doneTail (i32.ge_u (local.get $t) (local.get $m)))
              (local.set $slot (i32.shl (local.get $t) (i32.const 2)))
              (local.set $o0 (i32.load (i32.add (local.get $listRows) (local.get $slot))))
              (local.set $c0 (f64x2.splat (f64.load (i32.add (local.get $listCoef) (i32.shl (local.get $t) (i32.const 3))))))
              (local.set $k (i32.const 0))
              (loop $cols1
                (v128.store (i32.add (local.get $sumW) (local.get $k))
                  (f64x2.add (v128.load (i32.add (local.get $sumW) (local.get $k)))
                    (f64x2.mul (local.get $c0) (v128.load (i32.add (local.get $o0) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br_if $cols1 (i32.lt_u (local.get $k) (local.get $rowBytes))))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $tail)))
          (local.set $wrow (i32.add (local.get $W) (i32.mul (local.get $j) (local.get $rowBytes))))
          (local.set $k (i32.const 0))
          (loop $update
            (v128.store (i32.add (local.get $wrow) (local.get $k))
              (f64x2.add (v128.load (i32.add (local.get $wrow) (local.get $k)))
                (f64x2.mul (local.get $stepV) (v128.load (i32.add (local.get $sumW) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br_if $update (i32.lt_u (local.get $k) (local.get $rowBytes))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $neurons (i32.lt_u (local.get $j) (local.get $pP))))
    ;; a += step·sumA, 4 neurons at a time.
    (local.set $j (i32.const 0))
    (loop $updateA
      (v128.store (i32.add (local.get $a) (local.get $j))
        (f64x2.add (v128.load (i32.add (local.get $a) (local.get $j)))
          (f64x2.mul (local.get $stepV) (v128.load (i32.add (local.get $sumA) (local.get $j))))))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br_if $updateA (i32.lt_u (local.get $j) (local.get $coefRowBytes))))
    (local.get $squares))
)
