/**
 * The native float64 loss / residuals / gradient kernels (native/lossGradient.c), as
 * {@link FloatKernel}s: one per vector width this CPU runs ("native-avx512", "native-avx2",
 * "native-generic"), best first. Same formulas and products as ./typescriptKernels.ts; sums are
 * reordered and multiply-adds may be fused, which the running error bound of
 * src/field/errorBound.ts covers for any order and for fused operations.
 *
 * tanh, exp and log1p (tanh, sigmoid, softplus) are glibc's vector routines (libmvec) where the
 * addon found them, else scalar glibc libm. Stated accuracy: within {@link NATIVE_ELEMENTARY_ULPS}
 * ulps (glibc documents libmvec within 4 ulps and its scalar tanh/exp/log1p within 2 on x86-64),
 * against V8's < 1 ulp; test/fast/kernelContract.ts checks every kernel against exact arithmetic
 * with the error bound widened to that accuracy, and the functions themselves ulp by ulp.
 */
import { loadAddon } from "./nativeAddon.js";
import type { FloatInstance, FloatWorkspace } from "./floatInstance.js";
import type { FlatParameters, FloatKernel } from "./floatKernel.js";
import { ACTIVATION_NAMES, DEFAULT_LEAKY_ALPHA, type ActivationSpec } from "../model/activation.js";
import { outputScale, requireWorkspace, lossAndGradient as typescriptLossAndGradient } from "./typescriptKernels.js";
import { createWorkspace } from "./floatInstance.js";

export type NativeKernelVariant = "avx512" | "avx2" | "generic";

/** Accuracy of the native tanh/exp/log1p, in ulps of the result. */
export const NATIVE_ELEMENTARY_ULPS = 4;

interface Addon {
  variant(): NativeKernelVariant;
  supported(): NativeKernelVariant[];
  vectorMath(): "libmvec" | "libm";
  lossGradient(
    X: Float64Array, y: Float64Array, W: Float64Array, a: Float64Array, n: number, d: number, p: number,
    activation: number, alpha: number, scale: number, factor: number,
    outputs: Float64Array, residuals: Float64Array, gradA: Float64Array | null, gradW: Float64Array | null, variant?: NativeKernelVariant,
  ): number;
  hessianVector(
    X: Float64Array, y: Float64Array, W: Float64Array, a: Float64Array, n: number, d: number, p: number,
    activation: number, alpha: number, scale: number, u: Float64Array, V: Float64Array, outA: Float64Array, outW: Float64Array, variant?: NativeKernelVariant,
  ): void;
  preactivations(
    X: Float64Array, y: Float64Array, W: Float64Array, a: Float64Array, n: number, d: number, p: number,
    activation: number, alpha: number, scale: number, out: Float64Array, variant?: NativeKernelVariant,
  ): void;
}

/** The activation's code in native/lossGradient.c: its index in ACTIVATION_NAMES. */
function activationCode(spec: ActivationSpec): number {
  return ACTIVATION_NAMES.indexOf(spec.name);
}

function leakyAlpha(spec: ActivationSpec): number {
  return Number(spec.alpha ?? DEFAULT_LEAKY_ALPHA);
}

function run(addon: Addon, variant: NativeKernelVariant, instance: FloatInstance, workspace: FloatWorkspace, gradients: boolean): number {
  requireWorkspace(instance, workspace);
  const { n, d, p, X, y, W, a, model } = instance;
  const scale = outputScale(instance);
  const squares = addon.lossGradient(
    X, y, W, a, n, d, p, activationCode(model.activation), leakyAlpha(model.activation), scale, -(scale / n),
    workspace.outputs, workspace.residuals, gradients ? workspace.gradA : null, gradients ? workspace.gradW : null, variant,
  );
  return squares / (2 * n);
}

function hessianVector(addon: Addon, variant: NativeKernelVariant, instance: FloatInstance, direction: FlatParameters, out: FlatParameters): void {
  const { n, d, p, X, y, W, a, model } = instance;
  addon.hessianVector(
    X, y, W, a, n, d, p, activationCode(model.activation), leakyAlpha(model.activation), outputScale(instance),
    direction.a, direction.W, out.a, out.W, variant,
  );
}

/**
 * Catches an addon that loads but computes garbage (stale build, wrong layout): every variant
 * on one small instance against the TypeScript kernel. Errors of indexing or layout are O(1);
 * rounding differences at this size are below 2^-40 of the values (a sum of ≤ 8 products of
 * numbers ≤ 2 has error ≤ 16·2^-53·8), so 2^-30 relative separates them with room to spare.
 */
function selfCheck(addon: Addon): boolean {
  const n = 7, d = 5, p = 3;
  const values = (count: number, shift: number) => Float64Array.from({ length: count }, (_, m) => Math.sin(m * 1.7 + shift));
  const instance: FloatInstance = { model: { activation: { name: "relu" }, scaling: "mean-field" }, n, d, p, X: values(n * d, 0), y: values(n, 1), W: values(p * d, 2), a: values(p, 3) };
  const reference = createWorkspace(n, d, p);
  const expected = typescriptLossAndGradient(instance, reference);
  const close = (x: number, e: number) => Math.abs(x - e) <= 2 ** -30 * (1 + Math.abs(e));
  return addon.supported().every((variant) => {
    const ws = createWorkspace(n, d, p);
    const loss = run(addon, variant, instance, ws, true);
    return close(loss, expected) && ws.gradW.every((g, m) => close(g, reference.gradW[m]!)) && ws.gradA.every((g, j) => close(g, reference.gradA[j]!)) && ws.residuals.every((r, i) => close(r, reference.residuals[i]!));
  });
}

const loaded = loadAddon<Addon>("shallowcheck_kernels", selfCheck);

/** Why the native kernels are unavailable (undefined when available). */
export function nativeKernelsError(): string | undefined {
  return loaded.error;
}

/** Where the native smooth activations' tanh/exp/log1p come from, or undefined without the addon. */
export function nativeVectorMath(): "libmvec" | "libm" | undefined {
  return loaded.addon?.vectorMath();
}

/** One kernel per vector width this CPU runs, widest first (empty without the addon). */
export function nativeKernels(): FloatKernel[] {
  const addon = loaded.addon;
  if (addon === null) return [];
  return addon.supported().map((variant) => ({
    name: `native-${variant}`,
    elementaryUlps: NATIVE_ELEMENTARY_ULPS,
    loss: (instance, workspace) => run(addon, variant, instance, workspace, false),
    lossAndGradient: (instance, workspace) => run(addon, variant, instance, workspace, true),
    hessianVectorProduct: (instance, direction, out) => hessianVector(addon, variant, instance, direction, out),
    preactivations: (instance, out) => {
      const { n, d, p, X, y, W, a, model } = instance;
      addon.preactivations(X, y, W, a, n, d, p, activationCode(model.activation), leakyAlpha(model.activation), outputScale(instance), out, variant);
    },
  }));
}
