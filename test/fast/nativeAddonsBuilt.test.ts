/**
 * A built native addon must load and pass its self-check. Every native test skips when its addon
 * is unavailable, which is right where it was never built (no compiler) or is disabled
 * (SHALLOWCHECK_NATIVE=0), but a built addon that fails its self-check would silently turn those
 * tests into skips while the callers fall back to WebAssembly: that is a failure here.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nativeLoadError } from "../../src/fast/gdStepNative.js";
import { nativeKernelsError } from "../../src/fast/nativeKernels.js";
import { nativePlantedLoadError } from "../../src/fast/plantedNative.js";

const addons = [
  { file: "shallowcheck_gdstep", error: nativeLoadError },
  { file: "shallowcheck_kernels", error: nativeKernelsError },
  { file: "shallowcheck_planted", error: nativePlantedLoadError },
];

describe.each(addons)("native addon $file", ({ file, error }) => {
  const built = existsSync(new URL(`../../build/Release/${file}.node`, import.meta.url));
  it.runIf(built && process.env.SHALLOWCHECK_NATIVE !== "0")("is built, so it loads and passes its self-check", () => {
    expect(error()).toBeUndefined();
  });
});
