/**
 * `shallowcheck sample`: draw a random instance from named laws and a named seed, and write it
 * as an instance file (with a `generator` field that reproduces it) or print it to stdout.
 */
import type { Command } from "commander";
import { float64Field } from "../field/float64.js";
import { instanceToFile, isInstanceFile, writeInstanceFile } from "../io/instanceFile.js";
import { refuseForeignFile } from "../io/outputPath.js";
import { InputError } from "../io/inputError.js";
import { ACTIVATION_NAMES, type ActivationName } from "../model/activation.js";
import { SCALINGS, type Scaling } from "../model/instance.js";
import { DATA_LAW_NAMES, INIT_LAW_NAMES, type DataLawName, type DataLawOptions, type InitLawName, type InitOptions } from "../random/options.js";
import { sampleInstanceWithGenerator, type SampleOptions } from "../random/sampleInstance.js";
import { parseChoice, parseIntegerOption, parseNumberOption } from "./parseOptions.js";

/** The options as commander hands them over: every value is the raw string typed. */
export interface SampleCommandOptions {
  data: string;
  init: string;
  n: string;
  d: string;
  p: string;
  seed: string;
  activation: string;
  scaling: string;
  alpha?: string;
  out?: string;
  cxMin?: string;
  cxMax?: string;
  cyMin?: string;
  cyMax?: string;
  correlation?: string;
  xScale?: string;
  initScale?: string;
  wScale?: string;
}

function optionalNumber(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseNumberOption(flag, text);
}

/** Turn the raw command-line strings into {@link SampleOptions}; the laws validate ranges. */
export function sampleOptionsFromCommandLine(raw: SampleCommandOptions): SampleOptions {
  const dataLaw: DataLawName = parseChoice("--data", raw.data, DATA_LAW_NAMES, "data law");
  const initLaw: InitLawName = parseChoice("--init", raw.init, INIT_LAW_NAMES, "initialization law");
  const activationName: ActivationName = parseChoice("--activation", raw.activation, ACTIVATION_NAMES, "activation");
  const scaling: Scaling = parseChoice("--scaling", raw.scaling, SCALINGS, "scaling");
  if (raw.alpha !== undefined) {
    if (activationName !== "leaky-relu") throw new InputError(`--alpha: only used by --activation leaky-relu, not ${activationName}`);
    parseNumberOption("--alpha", raw.alpha);
  }
  if (raw.seed === "") throw new InputError("--seed: must be a non-empty string");
  const data: DataLawOptions = {
    law: dataLaw,
    scale: optionalNumber("--x-scale", raw.xScale),
    cxMin: optionalNumber("--cx-min", raw.cxMin),
    cxMax: optionalNumber("--cx-max", raw.cxMax),
    cyMin: optionalNumber("--cy-min", raw.cyMin),
    cyMax: optionalNumber("--cy-max", raw.cyMax),
    correlation: optionalNumber("--correlation", raw.correlation),
  };
  const init: InitOptions = {
    law: initLaw,
    scale: optionalNumber("--init-scale", raw.initScale),
    wScale: optionalNumber("--w-scale", raw.wScale),
  };
  return {
    n: parseIntegerOption("--n", raw.n),
    d: parseIntegerOption("--d", raw.d),
    p: parseIntegerOption("--p", raw.p),
    data,
    init,
    // alpha stays the decimal string typed, so the exact path reads exactly that value.
    model: { activation: { name: activationName, ...(raw.alpha !== undefined ? { alpha: raw.alpha } : {}) }, scaling },
    seed: raw.seed,
  };
}

function writeTo(path: string, file: ReturnType<typeof instanceToFile>): void {
  if (path === "") throw new InputError("--out: must be a file path");
  refuseForeignFile("--out", path, isInstanceFile, "an instance file");
  try {
    writeInstanceFile(path, file);
  } catch (error) {
    // An unwritable path is the user's to fix: one line naming it, not a stack trace.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new InputError(`--out: cannot write ${path} (${code})`);
  }
}

/** Add `shallowcheck sample` to the program. Bad option values throw {@link InputError} naming the flag. */
export function registerSample(program: Command): void {
  program
    .command("sample")
    .description("draw a random instance (data, initialization, model) from named laws and a named seed")
    .requiredOption("--data <law>", `data law: ${DATA_LAW_NAMES.join(", ")}`)
    .requiredOption("--init <law>", `initialization law: ${INIT_LAW_NAMES.join(", ")}`)
    .requiredOption("--n <n>", "number of data points")
    .requiredOption("--d <d>", "input dimension")
    .requiredOption("--p <p>", "number of neurons")
    .requiredOption("--seed <name>", "seed name; the same seed and options give the same instance")
    .option("--activation <name>", `activation: ${ACTIVATION_NAMES.join(", ")}`, "relu")
    .option("--scaling <name>", `output scaling: ${SCALINGS.join(", ")}`, "mean-field")
    .option("--alpha <a>", "negative-side slope of leaky-relu (default 0.01)")
    .option("--out <file>", "write the instance file here (atomically) instead of to stdout")
    .option("--cx-min <x>", "smallest ‖x_i‖ (default 1; not for gaussian data)")
    .option("--cx-max <x>", "largest ‖x_i‖ (default 2; not for gaussian data)")
    .option("--cy-min <y>", "smallest |y_i| (default 1)")
    .option("--cy-max <y>", "largest |y_i| (default 2)")
    .option("--correlation <c>", "near-orthogonal: bound on max |⟨x_i,x_k⟩| (default cx-min²/(2(n−1)))")
    .option("--x-scale <s>", "gaussian data: ‖x_i‖ ≈ s (default 1)")
    .option("--init-scale <s>", "gaussian/small init: ‖w_j‖ ≈ |a_j| ≈ s (default 1 / 1e-3)")
    .option("--w-scale <s>", "asymmetric init: factor on W (default 1; dana2025 Exp 2 uses 0.01)")
    .action((raw: SampleCommandOptions) => {
      const { instance, generator } = sampleInstanceWithGenerator(sampleOptionsFromCommandLine(raw));
      const file = instanceToFile(float64Field, instance, { generator });
      if (raw.out === undefined) process.stdout.write(JSON.stringify(file) + "\n");
      else writeTo(raw.out, file);
    });
}
