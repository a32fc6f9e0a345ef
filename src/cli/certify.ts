/**
 * `shallowcheck certify FILE [--property ID]… [--digits N] [--json FILE] [--no-exact]
 *   [--gd K --lr ETA [--form F]] [--converges --gd [K] [--certificate OUT]] [--refine | --no-refine]
 *   [--flow T [--order K] [--converges [--certificate OUT]]]`:
 *   a proof, or the reason there is none.
 * - An instance or candidate file: every pointwise (`exact`) catalogue entry on it, its margin
 *   enclosed in outward-rounded interval arithmetic, with a verdict that is a proof — `certified`
 *   (the exact margin is ≥ 0), `refuted` (< 0 with every assumption certainly met: a proved
 *   counterexample), `not-applicable` (an assumption certainly fails), `undecided` (with a hint)
 *   or `unsupported` (no field-generic margin yet). With --gd, K gradient-descent steps in
 *   interval arithmetic with per-step checks (src/certify/gd.ts); with --converges, a proof that
 *   GD converges to a zero-loss global minimum (src/cli/certifyConvergence.ts); with --flow T, a
 *   validated enclosure of the gradient flow on [0, T] with the flow entries decided along it
 *   (src/cli/certifyFlow.ts).
 * - A `gd-convergence-certificate` or `flow-convergence-certificate` file: that proof re-checked
 *   from its instance.
 * - A `relu-teacher-student-minimum` file (src/io/teacherStudentMinimumFile.ts): the
 *   local-minimum certificate (src/cli/certifyMinimum.ts) — `certified local minimum` with r, λ
 *   and the loss interval, or `not certified` and why.
 * Exit codes, one convention ({@link CERTIFY_EXIT_HELP}): 0 when everything asked is proved
 * to hold, 1 when something is refuted or not proved, 2 on bad input.
 */
import type { Command } from "commander";
import { Decimal } from "decimal.js";
import { fileProvenance } from "../api/checkInstance.js";
import { bareCandidate } from "../check/corpus.js";
import { catalogueFromOptions, collect } from "./check.js";
import { readCandidateFile } from "../check/candidateFile.js";
import type { Property } from "../check/property.js";
import { certify, type Certificate } from "../certify/certify.js";
import { certifyGradientDescent, formatGdSummary, GD_FORMS, type GdCertificate, type GdForm } from "../certify/gd.js";
import { DEFAULT_INTERVAL_DIGITS } from "../field/interval.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";
import { DECIMAL_STRING_PATTERN } from "../io/instanceSchema.js";
import { isTeacherStudentMinimumJson, readJsonFile } from "../io/teacherStudentMinimumFile.js";
import { runCertifyMinimum } from "./certifyMinimum.js";
import { gdBeyondTheBoxes, runCertifyConvergence, runCertifyFlowConvergence, runRecheckConvergence, runRecheckFlowConvergence } from "./certifyConvergence.js";
import type { Interval } from "../field/interval.js";
import { isConvergenceCertificateJson } from "../certify/convergenceCertificate.js";
import { isFlowConvergenceCertificateJson } from "../certify/flowConvergenceCertificate.js";
import { parseIntegerOption, parsePositiveInteger } from "./parseOptions.js";
import { FLOW_DEFAULT_DIGITS, FLOW_DEFAULT_ORDER, FLOW_MAX_ORDER, runCertifyFlow, type CertifyFlowOptions } from "./certifyFlow.js";
import { progressOnStderr } from "../io/progress.js";

/** Significant digits of the margin ends printed on the terminal (the JSON has all of them). */
const SHOWN_DIGITS = 8;

interface CertifyCommandOptions {
  catalogue: string[];
  drop: string[];
  property: string[];
  digits?: string;
  json?: string;
  exact: boolean;
  gd?: string | boolean;
  lr?: string;
  converges?: boolean;
  certificate?: string;
  naive?: boolean;
  form?: string;
  refine?: boolean;
  budgetSeconds?: string;
  flow?: string;
  order?: string;
}

/** The exit-code convention, as `certify --help` and the README state it. */
export const CERTIFY_EXIT_HELP = [
  "Exit codes: 0 when everything asked is proved to hold — every verdict certified or not-applicable",
  "(an assumption certainly fails, so the implication holds vacuously), every --gd check certified at",
  "every step, a teacher–student minimum certified (and its stored certificate reproduced); entries",
  "listed by default as unsupported (no interval margin yet) are reported and do not count, a named",
  "one does. 1 when anything asked is refuted, undecided, unsupported or not certified. 2 on bad input.",
].join("\n");

/** Verdicts that prove the entry's statement on the instance. */
const PROVED = new Set(["certified", "not-applicable"]);

/** The entry checked along a certified GD run (`--gd`) unless --property names others. */
const GD_DEFAULT_PROPERTY_ID = "dana2025/theorem1-pl-bound";

/** Interval digits: decimal.js's π table bounds them at 1000. */
export function parseIntervalDigits(flag: string, text: string | undefined): number {
  if (text === undefined) return DEFAULT_INTERVAL_DIGITS;
  const digits = parseIntegerOption(flag, text);
  if (digits < 5 || digits > 1000) throw new InputError(`${flag}: must be an integer in [5, 1000], got "${text}"`);
  return digits;
}

/** Wall-clock seconds a pointwise certify run may take before its remaining verdicts are "undecided: budget". */
export const DEFAULT_CERTIFY_BUDGET_SECONDS = 60;

function parseBudgetSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CERTIFY_BUDGET_SECONDS;
  const seconds = Number(text);
  if (!(DECIMAL_STRING_PATTERN.test(text) && seconds > 0 && seconds <= 86_400)) throw new InputError(`--budget-seconds: must be a number of seconds in (0, 86400], got "${text}"`);
  return seconds;
}

/** The named entries, or every `exact` entry of the catalogue. */
function selectEntries(catalogue: readonly Property[], ids: readonly string[]): Property[] {
  if (ids.length === 0) return catalogue.filter((p) => p.mode === "exact");
  return ids.map((id) => {
    const property = catalogue.find((p) => p.id === id);
    if (!property) throw new InputError(`--property: unknown property "${id}" (see shallowcheck list; user entries need --catalogue MODULE)`);
    return property;
  });
}

/** One report line: id, verdict, margin enclosure, method and hint. */
export function certificateLine(c: Certificate, idWidth: number): string {
  // Ends shortened outward (lo down, hi up), so the printed interval still encloses the margin.
  const short = (text: string, rounding: Decimal.Rounding) => new Decimal(text).toSignificantDigits(SHOWN_DIGITS, rounding).toString();
  const margin = c.margin ? `[${short(c.margin.lo, Decimal.ROUND_FLOOR)}, ${short(c.margin.hi, Decimal.ROUND_CEIL)}]` : "—";
  const method = c.method ? ` (${c.method}, ${c.digits} digits)` : "";
  const hint = c.hint ? `\n  ${c.hint}` : "";
  return `${c.id.padEnd(idWidth)}  ${c.verdict.padEnd(14)}  margin ${margin}${method}${hint}`;
}

/** Steps --converges tries before giving up, unless --gd K says otherwise. */
const DEFAULT_CONVERGENCE_STEPS = 1000;

/** The --flow branch's options, every other branch's options refused by name. */
function flowOptions(options: CertifyCommandOptions, catalogue: readonly Property[]): CertifyFlowOptions {
  for (const [flag, given] of [["--gd", options.gd], ["--lr", options.lr], ["--form", options.form], ["--naive", options.naive]] as const) {
    if (given !== undefined && given !== false) throw new InputError(`${flag}: not with --flow`);
  }
  if (options.converges && options.property.length > 0) throw new InputError("--property: not with --converges");
  // Default: every entry that can be decided along the enclosure (the catalogue's flow entries).
  const properties = options.property.length > 0 ? selectEntries(catalogue, options.property) : catalogue.filter((p) => p.alongFlow !== undefined);
  const horizon = options.flow!;
  if (!(DECIMAL_STRING_PATTERN.test(horizon) && Number(horizon) > 0 && Number.isFinite(Number(horizon)))) {
    throw new InputError(`--flow: the horizon T must be a positive decimal such as 0.5 or 2, got "${horizon}"`);
  }
  const digits = options.digits === undefined ? FLOW_DEFAULT_DIGITS : parseIntervalDigits("--digits", options.digits);
  const order = options.order === undefined ? FLOW_DEFAULT_ORDER : parsePositiveInteger("--order", options.order, FLOW_MAX_ORDER);
  return { horizon, digits, order, json: options.json, properties };
}

async function runCertify(file: string, options: CertifyCommandOptions): Promise<number> {
  const { properties: catalogue } = await catalogueFromOptions(options);
  const json = readJsonFile(file);
  const gdCertificate = isConvergenceCertificateJson(json);
  if (gdCertificate || isFlowConvergenceCertificateJson(json)) {
    const kind = `a ${gdCertificate ? "gd" : "flow"}-convergence-certificate (it is re-checked from its instance)`;
    for (const [flag, given] of [["--gd", options.gd], ["--lr", options.lr], ["--converges", options.converges], ["--certificate", options.certificate], ["--form", options.form], ["--naive", options.naive], ["--refine", options.refine], ["--flow", options.flow], ["--order", options.order]] as const) {
      if (given !== undefined && given !== false) throw new InputError(`${flag}: not for ${kind}`);
    }
    if (options.property.length > 0) throw new InputError(`--property: not for ${kind}`);
    const digits = options.digits === undefined ? undefined : parseIntervalDigits("--digits", options.digits);
    return (gdCertificate ? runRecheckConvergence : runRecheckFlowConvergence)(file, json, { digits, jsonOut: options.json });
  }
  if (options.converges === undefined && options.certificate !== undefined) throw new InputError("--certificate: only with --converges");
  if (isTeacherStudentMinimumJson(json)) {
    const kind = "a relu-teacher-student-minimum file (it is certified as a local minimum)";
    if (options.gd !== undefined) throw new InputError(`--gd: not for ${kind}`);
    if (options.flow !== undefined) throw new InputError(`--flow: not for ${kind}`);
    if (options.order !== undefined) throw new InputError(`--order: not for ${kind}`);
    if (options.property.length > 0) throw new InputError(`--property: not for ${kind}`);
    if (options.lr !== undefined) throw new InputError(`--lr: not for ${kind}`);
    if (options.naive) throw new InputError(`--naive: not for ${kind}`);
    if (options.form !== undefined) throw new InputError(`--form: not for ${kind}`);
    if (options.converges) throw new InputError(`--converges: not for ${kind}`);
    if (options.certificate !== undefined) throw new InputError(`--certificate: not for ${kind}`);
    if (!options.exact) throw new InputError(`--no-exact: not for ${kind}`);
    const digits = options.digits === undefined ? undefined : parseIntervalDigits("--digits", options.digits);
    return runCertifyMinimum(file, json, { digits, json: options.json, refine: options.refine });
  }
  if (options.refine !== undefined) throw new InputError(`--${options.refine ? "" : "no-"}refine: only for a relu-teacher-student-minimum file`);
  const stored = readCandidateFile(file);
  if (options.flow !== undefined) {
    const flow = flowOptions(options, catalogue);
    if (options.converges) return runCertifyFlowConvergence(file, bareCandidate(stored), { maxTime: flow.horizon, digits: flow.digits, order: flow.order, json: flow.json, certificate: options.certificate });
    return runCertifyFlow(file, bareCandidate(stored), flow);
  }
  if (options.order !== undefined) throw new InputError("--order: only with --flow T");
  const digits = parseIntervalDigits("--digits", options.digits);
  // A counterexample file names its property and the assumptions dropped to find it: certify
  // judges it as check --instance and replay do (src/api/checkInstance.ts).
  const provenance = fileProvenance(stored);
  const dropped = new Set([...provenance.dropped, ...options.drop]);
  const candidate = bareCandidate(stored);
  if (options.converges) {
    if (options.gd === undefined) throw new InputError("--converges: give the dynamics, --gd [K] (K: the most GD steps to try, default 1000) or --flow T (the longest flow time tried)");
    if (options.property.length > 0) throw new InputError("--property: not with --converges");
    if (options.form !== undefined || options.naive) throw new InputError(`--${options.naive ? "naive" : "form"}: not with --converges (it always uses the Lohner set)`);
  } else if (options.gd === true) throw new InputError("--gd: give the number of steps K (only --converges takes --gd alone)");
  const gdSteps = options.gd === undefined ? undefined : typeof options.gd === "string" ? parseIntegerOption("--gd", options.gd) : DEFAULT_CONVERGENCE_STEPS;
  if (gdSteps === 0) throw new InputError("--gd: must be at least 1 step");
  if (options.lr !== undefined && gdSteps === undefined) throw new InputError("--lr: only with --gd K");
  if (options.naive && gdSteps === undefined) throw new InputError("--naive: only with --gd K");
  if (options.form !== undefined && gdSteps === undefined) throw new InputError("--form: only with --gd K");
  if (options.form !== undefined && !GD_FORMS.includes(options.form as GdForm)) throw new InputError(`--form: must be one of ${GD_FORMS.join(", ")}, got "${options.form}"`);
  if (options.form !== undefined && options.naive) throw new InputError("--naive: same as --form naive; give one of them");
  const form: GdForm = options.naive ? "naive" : ((options.form as GdForm | undefined) ?? "lohner");
  if (options.lr !== undefined && !(DECIMAL_STRING_PATTERN.test(options.lr) && Number(options.lr) > 0)) {
    throw new InputError(`--lr: must be a positive decimal such as 0.5 or 1e-2, got "${options.lr}"`);
  }
  const out = (line: string) => process.stdout.write(line + "\n");

  if (options.converges && gdSteps !== undefined) {
    const lr = options.lr ?? String(candidate.settings.eta ?? 1);
    return runCertifyConvergence(file, candidate, { lr, digits, maxSteps: gdSteps, json: options.json, certificate: options.certificate });
  }
  if (gdSteps !== undefined) {
    const lr = options.lr ?? String(candidate.settings.eta ?? 1);
    const properties = options.property.length > 0 ? selectEntries(catalogue, options.property) : selectEntries(catalogue, [GD_DEFAULT_PROPERTY_ID]);
    const progress = progressOnStderr(`certify GD`);
    let result: GdCertificate;
    const boxes: Interval[][] = [];
    try {
      result = certifyGradientDescent(candidate, { steps: gdSteps, lr, digits, properties, form, onStep: (k) => progress.update(k / gdSteps, `step ${k}/${gdSteps}`), onIterate: (_, box) => boxes.push(box.slice()) });
    } finally {
      progress.stop();
    }
    for (const line of formatGdSummary(result)) out(line);
    // Beyond the boxes' resolution: the trapping argument proves some checks for every later step.
    const beyond = gdBeyondTheBoxes(candidate, result, boxes);
    for (const line of beyond.lines) out(line);
    if (options.json) writeFileAtomic(options.json, JSON.stringify({ file, digits, gd: result, trap: Object.fromEntries(beyond.provedFrom) }, null, 2) + "\n");
    const provedThroughout = (c: GdCertificate["checks"][number]) => {
      const from = beyond.provedFrom.get(c.name);
      return from !== undefined && c.lastCertified >= from;
    };
    const allCertified = result.stepsTaken === result.stepsRequested && result.checks.every((c) => (c.firstRefuted === null && c.firstUndecided === null) || provedThroughout(c));
    return allCertified ? 0 : 1;
  }

  const entries = selectEntries(catalogue, options.property.length > 0 ? options.property : provenance.property ? [provenance.property] : []);
  const idWidth = entries.map((p) => p.id.length).reduce((extreme, value) => Math.max(extreme, value), 0);
  const budget = parseBudgetSeconds(options.budgetSeconds);
  const budgetName = `${budget} s, --budget-seconds`;
  const deadline = Date.now() + budget * 1000;
  const progress = progressOnStderr("certify");
  let results: Certificate[];
  try {
    results = entries.map((p, k) => {
      progress.update(k / entries.length, `${p.id} (${k + 1}/${entries.length})`);
      return certify(p, candidate, { digits, exactFallback: options.exact, dropped, deadline, budgetName });
    });
  } finally {
    progress.stop();
  }
  for (const c of results) out(certificateLine(c, idWidth));
  const count = (v: string) => results.filter((c) => c.verdict === v).length;
  out(
    `${results.length} entries: ${count("certified")} certified, ${count("refuted")} refuted, ${count("undecided")} undecided, ${count("not-applicable")} not applicable, ${count("unsupported")} unsupported`,
  );
  if (options.json) writeFileAtomic(options.json, JSON.stringify({ file, digits, results }, null, 2) + "\n");
  // Unsupported entries only count when named: by default they are the catalogue's gaps, not the file's.
  const asked = options.property.length > 0 ? results : results.filter((c) => c.verdict !== "unsupported");
  return asked.every((c) => PROVED.has(c.verdict)) ? 0 : 1;
}

export function registerCertify(program: Command): void {
  program
    .command("certify")
    .description(
      "prove or refute pointwise catalogue entries on one instance in interval arithmetic; --gd K certifies K GD steps; --converges --gd or --flow proves convergence to zero loss; a relu-teacher-student-minimum file is proved a local minimum; a gd- or flow-convergence-certificate is re-checked",
    )
    .argument("<file>", "instance, candidate or relu-teacher-student-minimum file (JSON)")
    .option("--property <id>", "only this entry (repeatable); default every exact entry", (value: string, previous: string[]) => [...previous, value], [])
    .option("--digits <n>", `significant digits of the interval ends (default ${DEFAULT_INTERVAL_DIGITS})`)
    .option("--json <file>", "also write { results: [{ id, verdict, margin: {lo, hi}, … }] }")
    .option("--no-exact", "intervals only: no exact-rational fallback for undecided margins")
    .option("--gd [k]", "certify K steps of gradient descent instead (per-step checks, width growth); with --converges, the most steps to try (default 1000)")
    .option("--converges", "with --gd [K] or --flow T: prove that GD (or the gradient flow) from this instance converges to a zero-loss global minimum (certified dynamics, then a PL trapping argument)")
    .option("--certificate <file>", "with --converges: store the proof as a gd- or flow-convergence-certificate, re-checked by certify FILE")
    .option("--lr <eta>", "GD learning rate η with --gd (default settings.eta, else 1)")
    .option("--form <form>", "with --gd: lohner (default: Lohner/QR set, no wrapping), mean-value (box in centred form) or naive (plain interval steps)")
    .option("--naive", "with --gd: same as --form naive")
    .option("--flow <T>", `a validated enclosure of the exact gradient flow on [0, T] (Taylor steps, Lohner sets, certified ReLU kink crossings); default ${FLOW_DEFAULT_DIGITS} digits`)
    .option("--order <k>", `with --flow: Taylor order of each step (default ${FLOW_DEFAULT_ORDER}, at most ${FLOW_MAX_ORDER})`)
    .option("--refine", "teacher–student minimum: Newton-refine the point first (default for a file without a stored certificate)")
    .option("--no-refine", "teacher–student minimum: certify the point as stored (default for a file with a stored certificate)")
    .addHelpText("after", "\n" + CERTIFY_EXIT_HELP)
    .option("--catalogue <module>", "also load the properties a .js/.mjs/.ts module exports (repeatable)", collect, [])
    .option("--drop <assumption>", "assumptions not required (repeatable; a counterexample file's own are read from it)", collect, [])
    .option("--budget-seconds <s>", `pointwise entries: wall-clock seconds for the whole run; entries past it are undecided: budget (default ${DEFAULT_CERTIFY_BUDGET_SECONDS})`)
    .action(async (file: string, options: CertifyCommandOptions) => {
      process.exitCode = await runCertify(file, options);
    });
}
