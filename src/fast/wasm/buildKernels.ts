/**
 * Builds the GD-step kernels from their WebAssembly text (gdStepF32.wat, gdStepF64.wat — the
 * latter generated from the former by makeF64.py) with wabt's library build, and writes the
 * binaries, base64, to gdStep.bytes.ts:
 *   npm run build && node dist/src/fast/wasm/buildKernels.js
 * Four kernels: each precision in plain 128-bit SIMD, and a relaxed-SIMD variant in which every
 * multiply-then-add `(fNxM.add acc (fNxM.mul u v))` of the source is one `fNxM.relaxed_madd u v
 * acc` (a fused multiply-add where the CPU has one; otherwise the same mul then add — the
 * relaxed-SIMD proposal leaves that choice to the implementation). Generating the relaxed
 * variant from the plain source keeps the two kernels one algorithm.
 * test/fast/gdStepWasmBinary.test.ts rebuilds them and checks the committed binaries.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../../io/atomicWrite.js";

export type KernelName = "f32" | "f64" | "f32Relaxed" | "f64Relaxed";

/** The end (exclusive) of the balanced s-expression starting at text[start] === "(". */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced expression at ${start}`);
}

/** The top-level s-expression arguments of the expression text[start, end) (after its opcode). */
function argumentsOf(text: string, start: number, end: number): { from: number; to: number }[] {
  const args: { from: number; to: number }[] = [];
  let i = text.indexOf(" ", start);
  while (i < end - 1) {
    if (text[i] === "(") {
      const to = expressionEnd(text, i);
      args.push({ from: i, to });
      i = to;
    } else if (/\s/.test(text[i])) i++;
    else throw new Error(`unexpected immediate in ${text.slice(start, end)}`);
  }
  return args;
}

/**
 * Rewrites every `(S.add A (S.mul U V))` and `(S.add (S.mul U V) A)` (S = f32x4 or f64x2) into
 * `(S.relaxed_madd U V A)`, innermost first; the other text is kept as is, without comments.
 */
export function relaxedMadd(source: string): { text: string; count: number } {
  // Line comments go first: their parentheses are prose.
  const text = source.replace(/;;[^\n]*/g, "");
  let count = 0;
  const rewrite = (from: number, to: number): string => {
    let out = "";
    let i = from;
    while (i < to) {
      const open = text.indexOf("(", i);
      if (open < 0 || open >= to) break;
      out += text.slice(i, open);
      const end = expressionEnd(text, open);
      const match = /^\((f32x4|f64x2)\.add\s/.exec(text.slice(open, open + 12));
      if (match === null) {
        const head = /^\([^\s()]*/.exec(text.slice(open))![0];
        out += head + rewrite(open + head.length, end - 1) + ")";
      } else {
        const shape = match[1];
        const [first, second] = argumentsOf(text, open, end);
        const isMul = (arg: { from: number; to: number }) => text.startsWith(`(${shape}.mul `, arg.from);
        const [product, addend] = isMul(second) ? [second, first] : isMul(first) ? [first, second] : [undefined, undefined];
        if (product === undefined || addend === undefined) {
          out += `(${shape}.add ${rewrite(first.from, first.to)} ${rewrite(second.from, second.to)})`;
        } else {
          const [u, v] = argumentsOf(text, product.from, product.to);
          count++;
          out += `(${shape}.relaxed_madd ${rewrite(u.from, u.to)} ${rewrite(v.from, v.to)} ${rewrite(addend.from, addend.to)})`;
        }
      }
      i = end;
    }
    return out + text.slice(i, to);
  };
  return { text: rewrite(0, text.length), count };
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url)).replace(/\/dist\/src\//, "/src/");

/** The four kernels' binaries, built from the .wat sources next to this file (in src/, also when run from dist/). */
export async function buildKernels(): Promise<Record<KernelName, Uint8Array>> {
  const wabt = await (await import("wabt")).default();
  const assemble = (name: string, text: string, relaxed: boolean) => {
    const module = wabt.parseWat(name, text, { simd: true, relaxed_simd: relaxed });
    try {
      module.resolveNames();
      module.validate();
      return module.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer;
    } finally {
      module.destroy();
    }
  };
  const out = {} as Record<KernelName, Uint8Array>;
  for (const precision of ["f32", "f64"] as const) {
    const file = `gdStep${precision.toUpperCase()}.wat`;
    const text = readFileSync(here(`./${file}`), "utf8");
    out[precision] = assemble(file, text, false);
    const relaxed = relaxedMadd(text);
    if (relaxed.count === 0) throw new Error(`${file}: no multiply-add to relax`);
    out[`${precision}Relaxed`] = assemble(file, relaxed.text, true);
  }
  return out;
}

function base64Lines(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 100) lines.push(`  ${JSON.stringify(text.slice(i, i + 100))},`);
  return `[\n${lines.join("\n")}\n].join("")`;
}

export function bytesModule(kernels: Record<KernelName, Uint8Array>): string {
  return `/**
 * The binaries of gdStepF32.wat and gdStepF64.wat (plain 128-bit SIMD, and the relaxed-SIMD
 * variants with fused multiply-adds), base64. Generated by buildKernels.ts, do not edit: after
 * changing a .wat, run
 *   npm run build && node dist/src/fast/wasm/buildKernels.js
 * test/fast/gdStepWasmBinary.test.ts checks that these match the sources.
 */
export const GD_STEP_F32_WASM_BASE64 = ${base64Lines(kernels.f32)};

export const GD_STEP_F64_WASM_BASE64 = ${base64Lines(kernels.f64)};

export const GD_STEP_F32_RELAXED_WASM_BASE64 = ${base64Lines(kernels.f32Relaxed)};

export const GD_STEP_F64_RELAXED_WASM_BASE64 = ${base64Lines(kernels.f64Relaxed)};
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = here("./gdStep.bytes.ts");
  writeFileAtomic(target, bytesModule(await buildKernels()));
  process.stderr.write(`wrote ${target}\n`);
}
