/**
 * `shallowcheck new ID`: a property file and its test, ready to run and then to edit. The
 * template encodes a real lemma (Euler's identity for positively homogeneous networks, decided
 * in exact rationals) so the generated test passes as generated and fails on its known bad case.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { InputError } from "../io/inputError.js";

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

const camel = (name: string) => name.replace(/[-._]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_]/, "_$&");

export function propertyTemplate(id: string): string {
  const name = camel(id.split("/")[1]);
  return `/**
 * ${id}: Euler's identity for positively homogeneous networks — a template to edit.
 * For σ with σ(z) = σ'(z)·z (ReLU, leaky-ReLU, identity), h is 2-homogeneous in θ = (a, W), so
 * ⟨θ, ∇L(θ)⟩ = (2/n)·Σ_i (h(x_i) − y_i)·h(x_i). Decided in exact rationals: the margin is 0 when
 * the identity holds exactly and −|lhs − rhs| when it does not.
 *
 *   npx shallowcheck check --catalogue ${id.split("/")[1]}.ts
 */
import { candidateArbitrary, defineProperty, forward, gradient, instanceOverField, rationalField } from "shallowcheck";

const F = rationalField;

export const ${name} = defineProperty({
  id: "${id}",
  title: "Euler's identity: ⟨θ, ∇L⟩ = (2/n)·Σ_i (h(x_i) − y_i)·h(x_i)",
  citation: "Euler's theorem on homogeneous functions (replace with your source)",
  statement: "For a positively homogeneous activation, ⟨θ, ∇L(θ)⟩ = (2/n)·Σ_i (h(x_i) − y_i)·h(x_i) at every θ.",
  reading: "Exact rational arithmetic on the instance's own numbers (doubles enter exactly); ReLU, mean-field scaling.",
  margin: { kind: "identity", formula: "−|⟨θ, ∇L⟩ − (2/n)·Σ_i (h_i − y_i)·h_i|, 0 when it holds exactly" },
  assumptions: [
    { name: "homogeneous", description: "σ(z) = σ'(z)·z: relu, leaky-relu or identity", holds: (c) => ["relu", "leaky-relu", "identity"].includes(c.file.model.activation) },
  ],
  generate: (dropped) => candidateArbitrary({ activation: dropped.has("homogeneous") ? "quadratic" : "relu", n: { max: 5 }, d: { max: 4 }, p: { max: 4 } }),
  evaluate(candidate) {
    const instance = instanceOverField(F, candidate.file);
    const pass = forward(F, instance);
    const g = gradient(F, instance, pass);
    const inner = (u: readonly unknown[], v: readonly unknown[]) => u.reduce((t: typeof F.zero, x, k) => F.add(t, F.mul(x as typeof F.zero, v[k] as typeof F.zero)), F.zero);
    const lhs = F.add(inner(instance.a, g.a), instance.W.reduce((t, w, j) => F.add(t, inner(w, g.W[j])), F.zero));
    const sum = pass.outputs.reduce((t, h, i) => F.add(t, F.mul(F.sub(h, instance.y[i]), h)), F.zero);
    const rhs = F.div(F.mul(F.fromNumber(2), sum), F.fromNumber(instance.y.length));
    const residual = F.abs(F.sub(lhs, rhs));
    return F.sign(residual) === 0 ? { margin: 0 } : { margin: -Math.max(F.toNumber(residual), Number.MIN_VALUE), detail: { lhs: F.toString(lhs), rhs: F.toString(rhs) } };
  },
  knownBad: () => [
    {
      why: "σ(z) = z² is 2-homogeneous, not 1-homogeneous: ⟨θ, ∇L⟩ carries a factor 3",
      candidate: { settings: {}, file: { model: { activation: "quadratic", scaling: "mean-field" }, data: { X: [[1, 0.5]], y: [1] }, params: { W: [[1, 1]], a: [2] } } },
    },
  ],
  defaultRuns: 200,
});
`;
}

export function testTemplate(id: string, file: string): string {
  const name = camel(id.split("/")[1]);
  return `import { expect, test } from "vitest";
import { assertContract, assertFails, assertHolds } from "shallowcheck/vitest";
import { ${name} } from "./${file}";

test("${id} holds on seeded instances", () => {
  const result = assertHolds(${name}, { runs: 50, seed: "ci", module: "${file.replace(/\.js$/, ".ts")}" });
  expect(result.effective).toBeGreaterThan(0);
});

test("${id} fails on its known bad case", () => {
  for (const bad of ${name}.knownBad!()) assertFails(${name}, bad.candidate);
});

test("${id} passes the catalogue contract", () => {
  assertContract(${name});
});
`;
}

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("write a property file and its vitest test, ready to run and edit")
    .argument("<id>", 'the new entry\'s id, "group/name", e.g. mylab/leaky-balance')
    .option("--dir <dir>", "where to write the two files", ".")
    .action((id: string, options: { dir: string }) => {
      if (!ID.test(id)) throw new InputError(`new: id "${id}" must be "group/name" (letters, digits, ".", "_", "-")`);
      const base = id.split("/")[1];
      const propertyPath = join(options.dir, `${base}.ts`);
      const testPath = join(options.dir, `${base}.test.ts`);
      for (const path of [propertyPath, testPath]) if (existsSync(path)) throw new InputError(`new: ${path} exists; not overwriting it`);
      writeFileAtomic(propertyPath, propertyTemplate(id));
      writeFileAtomic(testPath, testTemplate(id, `${base}.js`));
      process.stdout.write(`wrote ${propertyPath} and ${testPath}\n  check it:  npx shallowcheck check --catalogue ${propertyPath} --only ${id}\n  test it:   npx vitest run ${testPath}\n`);
    });
}
