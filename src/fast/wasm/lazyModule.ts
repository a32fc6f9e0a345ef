/**
 * A WebAssembly module's exports, instantiated on first use from its base64 bytes and kept; or
 * undefined where this platform cannot validate it (no WebAssembly SIMD).
 */
export function lazyModule<E>(base64: string): () => E | undefined {
  let exports: E | undefined | null = null;
  return () => {
    if (exports === null) {
      const bytes = Buffer.from(base64, "base64");
      exports = WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as E) : undefined;
    }
    return exports;
  };
}
