/**
 * The native float32 loss / residuals / gradient kernels (lossGradientF32 of native/lossGradient.c,
 * native/lossGradientF32.h) as {@link Float32Kernel}s: one per vector width this CPU runs
 * ("native-avx512-float32", "native-avx2-float32", "native-generic-float32"), best first. Same
 * formulas and products as ./float32TypescriptKernel.ts, every operation in float32; sums
 * reordered and multiply-adds possibly fused, which the float32 contract's bound covers.
 * tanhf/expf/log1pf are libmvec's vector routines where found, else scalar libm: within
 * {@link NATIVE_ELEMENTARY_ULPS} float32 ulps (glibc's documented accuracy, as for double).
 */
import { loadAddon } from "./nativeAddon.js";
import { ACTIVATION_NAMES, DEFAULT_LEAKY_ALPHA, type ActivationSpec } from "../model/activation.js";
import { NATIVE_ELEMENTARY_ULPS, type NativeKernelVariant } from "./nativeKernels.js";
import { createFloat32Workspace, type Float32Instance, type Float32Workspace, requireFloat32Workspace } from "./float32Instance.js";
import type { Float32Kernel } from "./float32Kernels.js";
import { float32LossAndGradient, float32OutputScale } from "./float32TypescriptKernel.js";

interface Addon {
  supported(): NativeKernelVariant[];
  lossGradientF32?(
    X: Float32Array, y: Float32Array, W: Float32Array, a: Float32Array, n: number, d: number, p: number,
    activation: number, alpha: number, scale: number, factor: number,
    outputs: Float32Array, residuals: Float32Array, gradA: Float32Array | null, gradW: Float32Array | null, variant?: NativeKernelVariant,
  ): number;
}

const f = Math.fround;

function run(addon: Addon, variant: NativeKernelVariant, instance: Float32Instance, workspace: Float32Workspace, gradients: boolean): number {
  requireFloat32Workspace(instance, workspace);
  const { n, d, p, X, y, W, a, model } = instance;
  const scale = float32OutputScale(instance);
  const spec: ActivationSpec = model.activation;
  // The float32 values the TypeScript kernel uses: fl(alpha) (via the nearest double, as float32Field reads it) and −fl(scale/n).
  const alpha = f(Number(spec.alpha ?? DEFAULT_LEAKY_ALPHA));
  const squares = addon.lossGradientF32!(
    X, y, W, a, n, d, p, ACTIVATION_NAMES.indexOf(spec.name), alpha, scale, -f(scale / n),
    workspace.outputs, workspace.residuals, gradients ? workspace.gradA : null, gradients ? workspace.gradW : null, variant,
  );
  return f(squares / (2 * n));
}

/**
 * Catches a stale build without the float32 entry, or one that computes garbage: every variant on
 * one small instance against the TypeScript float32 kernel. Indexing or layout errors are O(1);
 * float32 rounding differences at this size are below 2^-18 of the values (sums of ≤ 8 products
 * of numbers ≤ 2, each off by ≤ 16·2^-24·8), so 2^-12 relative separates them.
 */
function selfCheck(addon: Addon): boolean {
  if (typeof addon.lossGradientF32 !== "function") return false;
  const n = 7, d = 5, p = 3;
  const values = (count: number, shift: number) => Float32Array.from({ length: count }, (_, m) => Math.sin(m * 1.7 + shift));
  const instance: Float32Instance = { model: { activation: { name: "tanh" }, scaling: "mean-field" }, n, d, p, X: values(n * d, 0), y: values(n, 1), W: values(p * d, 2), a: values(p, 3) };
  const reference = createFloat32Workspace(n, d, p);
  const expected = float32LossAndGradient(instance, reference);
  const close = (x: number, e: number) => Math.abs(x - e) <= 2 ** -12 * (1 + Math.abs(e));
  return addon.supported().every((variant) => {
    const ws = createFloat32Workspace(n, d, p);
    const loss = run(addon, variant, instance, ws, true);
    return close(loss, expected) && ws.gradW.every((g, m) => close(g, reference.gradW[m]!)) && ws.gradA.every((g, j) => close(g, reference.gradA[j]!)) && ws.residuals.every((r, i) => close(r, reference.residuals[i]!));
  });
}

const loaded = loadAddon<Addon>("shallowcheck_kernels", selfCheck);

/** Why the native float32 kernels are unavailable (undefined when available). */
export function float32NativeKernelsError(): string | undefined {
  return loaded.error;
}

/** One float32 kernel per vector width this CPU runs, widest first (empty without the addon). */
export function float32NativeKernels(): Float32Kernel[] {
  const addon = loaded.addon;
  if (addon === null) return [];
  return addon.supported().map((variant) => ({
    name: `native-${variant}-float32`,
    elementaryUlps: NATIVE_ELEMENTARY_ULPS,
    loss: (instance, workspace) => run(addon, variant, instance, workspace, false),
    lossAndGradient: (instance, workspace) => run(addon, variant, instance, workspace, true),
  }));
}
