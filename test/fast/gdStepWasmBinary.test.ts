/**
 * The committed kernel binaries (src/fast/wasm/gdStep.bytes.ts) are what wabt 1.0.39 builds
 * from the .wat sources (src/fast/wasm/buildKernels.ts), and the relaxed build's rewrite turns
 * exactly the multiply-then-add expressions into relaxed_madd.
 */
import { describe, expect, it } from "vitest";
import { buildKernels, relaxedMadd } from "../../src/fast/wasm/buildKernels.js";
import * as committed from "../../src/fast/wasm/gdStep.bytes.js";

describe("WebAssembly GD-step binaries", () => {
  it("gdStep.bytes.ts holds the binaries built from the .wat sources", async () => {
    const built = await buildKernels();
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
    expect({
      f32: committed.GD_STEP_F32_WASM_BASE64,
      f64: committed.GD_STEP_F64_WASM_BASE64,
      f32Relaxed: committed.GD_STEP_F32_RELAXED_WASM_BASE64,
      f64Relaxed: committed.GD_STEP_F64_RELAXED_WASM_BASE64,
    }).toEqual({ f32: base64(built.f32), f64: base64(built.f64), f32Relaxed: base64(built.f32Relaxed), f64Relaxed: base64(built.f64Relaxed) });
    expect(built.f32Relaxed).not.toEqual(built.f32);
  });

  it("relaxedMadd rewrites add-of-mul in either order, nested, and nothing else", () => {
    const source = [
      ";; (f32x4.add a (f32x4.mul b c)) in a comment stays prose",
      "(local.set $a (f32x4.add (local.get $a) (f32x4.mul (local.get $w) (v128.load offset=16 (local.get $k)))))",
      "(local.set $b (f64x2.add (f64x2.mul (local.get $u) (f64x2.add (local.get $p) (f64x2.mul (local.get $q) (local.get $r)))) (local.get $b)))",
      "(local.set $c (f32x4.add (local.get $c) (f32x4.max (local.get $z) (v128.const i32x4 0 0 0 0))))",
      "(local.set $d (f32x4.mul (local.get $d) (local.get $e)))",
    ].join("\n");
    expect(relaxedMadd(source)).toEqual({
      count: 3,
      text: [
        "",
        "(local.set $a (f32x4.relaxed_madd (local.get $w) (v128.load offset=16 (local.get $k)) (local.get $a)))",
        "(local.set $b (f64x2.relaxed_madd (local.get $u) (f64x2.relaxed_madd (local.get $q) (local.get $r) (local.get $p)) (local.get $b)))",
        "(local.set $c (f32x4.add (local.get $c) (f32x4.max (local.get $z) (v128.const i32x4 0 0 0 0))))",
        "(local.set $d (f32x4.mul (local.get $d) (local.get $e)))",
      ].join("\n"),
    });
  });
});
