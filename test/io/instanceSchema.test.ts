/** Every kind of bad instance file gets one line naming the field and the problem. */
import { describe, expect, it } from "vitest";
import { decimalField } from "../../src/field/decimal.js";
import { float64Field } from "../../src/field/float64.js";
import { InputError } from "../../src/io/inputError.js";
import { instanceOverField, instanceToFile } from "../../src/io/instanceFile.js";
import { instanceJsonSchema, parseInstanceFile } from "../../src/io/instanceSchema.js";

const valid = () => ({
  model: { activation: "relu", scaling: "mean-field" },
  data: { X: [[1, 0], [0, "0.5"]], y: [1, -1] },
  params: { W: [[0.1, 2], [-1, 0.1]], a: [0.01, -0.01] },
});

function problem(mutate: (file: any) => void): string {
  const file: any = valid();
  mutate(file);
  try {
    parseInstanceFile(file, "f.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected the file to be rejected");
}

describe("instance file schema", () => {
  it("accepts the README example and keeps extra top-level fields", () => {
    const file = parseInstanceFile({ ...valid(), name: "example", generator: { seed: "s" } });
    expect(file.data.X[1][1]).toBe("0.5");
    expect((file as Record<string, unknown>).name).toBe("example");
  });

  it.each([
    ["a row of X with the wrong length", (f: any) => f.data.X.push([1, 2, 3]), "f.json: data.X[2] has 3 entries, expected d = 2"],
    ["y of the wrong length", (f: any) => f.data.y.push(3), "f.json: data.y has 3 entries, expected n = 2 (rows of data.X)"],
    ["W with a missing row", (f: any) => f.params.W.pop(), "f.json: params.W has 1 rows, expected p = 2 (entries of params.a)"],
    ["a W row of the wrong length", (f: any) => (f.params.W[1] = [1]), "f.json: params.W[1] has 1 entries, expected d = 2"],
    ["empty data", (f: any) => (f.data.X = []), "f.json: data.X must have at least one row (n ≥ 1)"],
    ["p = 0", (f: any) => (f.params.a = []), "f.json: params.a must have at least one entry (p ≥ 1)"],
    ["d = 0", (f: any) => ((f.data.X = [[], []]), (f.params.W = [[], []])), "f.json: data.X[0] has no entries (d ≥ 1 required)"],
    ["a NaN string", (f: any) => (f.data.y[0] = "NaN"), "f.json: data.y[0] must be a finite number or a decimal string"],
    ["an Infinity string", (f: any) => (f.params.a[1] = "Infinity"), "f.json: params.a[1] must be a finite number or a decimal string"],
    ["a JSON overflow to Infinity", (f: any) => (f.data.X[0][0] = JSON.parse("1e999")), "f.json: data.X[0][0] must be a finite number or a decimal string"],
    ["a non-numeric string", (f: any) => (f.params.W[0][1] = "abc"), "f.json: params.W[0][1] must be a finite number or a decimal string"],
    ["a hexadecimal string", (f: any) => (f.params.W[0][1] = "0x10"), "f.json: params.W[0][1] must be a finite number or a decimal string"],
    ["an unknown activation", (f: any) => (f.model.activation = "gelu"), "f.json: model.activation"],
    ["an unknown scaling", (f: any) => (f.model.scaling = "ntk"), "f.json: model.scaling"],
    ["a typo inside model", (f: any) => (f.model.activaton = "relu"), "f.json: model"],
    ["a missing params block", (f: any) => delete f.params, "f.json: params"],
    ["alpha on a relu", (f: any) => (f.model.alpha = 0.1), "f.json: model.alpha is only meaningful for leaky-relu, not relu"],
  ])("rejects %s", (_label, mutate, expected) => {
    const message = problem(mutate);
    expect(message.startsWith(expected)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("reads decimal strings exactly in the decimal field and to the nearest double in float64", () => {
    const file = parseInstanceFile({ ...valid(), data: { X: [[1, 0], [0, "0.1"]], y: [1, -1] } });
    expect(instanceOverField(decimalField(), file).X[1][1].toString()).toBe("0.1");
    expect(instanceOverField(float64Field, file).X[1][1]).toBe(0.1);
    // A JSON number is that double: its exact binary value in the decimal field.
    expect(instanceOverField(decimalField(), parseInstanceFile(valid())).W[0][0].toString()).toBe("0.1000000000000000055511151231257827021181583404541015625");
  });

  it("writes a file that reads back to the same instance", () => {
    const F = decimalField();
    const instance = instanceOverField(F, parseInstanceFile(valid()));
    const again = instanceOverField(F, parseInstanceFile(JSON.parse(JSON.stringify(instanceToFile(F, instance)))));
    expect(again.W.map((r) => r.map(String))).toEqual(instance.W.map((r) => r.map(String)));
    const floats = instanceOverField(float64Field, parseInstanceFile(valid()));
    expect(instanceOverField(float64Field, parseInstanceFile(instanceToFile(float64Field, floats)))).toEqual(floats);
  });

  it("exports a JSON Schema that names every block", () => {
    const schema = instanceJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["model", "data", "params"]));
    expect(schema.required).toEqual(expect.arrayContaining(["model", "data", "params"]));
  });
});

describe("schema/instance.schema.json", () => {
  it("is the schema the code exports (regenerate with npm run schema)", async () => {
    const { readFileSync } = await import("node:fs");
    const { instanceSchemaText, INSTANCE_SCHEMA_PATH } = await import("../../scripts/exportSchema.js");
    expect(readFileSync(INSTANCE_SCHEMA_PATH, "utf8")).toBe(instanceSchemaText());
  });
});
