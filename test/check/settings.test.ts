/** The typed settings readers: defaults when absent, typed values, one InputError line naming the setting otherwise. */
import { describe, expect, it } from "vitest";
import { rationalField } from "../../src/field/rational.js";
import { InputError } from "../../src/io/inputError.js";
import { booleanSetting, fieldSetting, numberSetting, stringSetting } from "../../src/check/settings.js";

describe("settings readers", () => {
  const settings = { eta: 0.5, steps: "200", label: "spec", flag: true, flagText: "false", junk: "abc", empty: "", half: "0.1" };

  it("read numbers, numeric strings and defaults", () => {
    expect(numberSetting(settings, "eta", 1)).toBe(0.5);
    expect(numberSetting(settings, "steps", 1)).toBe(200);
    expect(numberSetting(settings, "absent", 7)).toBe(7);
  });

  it("refuse a value that is not a number with one line naming the setting", () => {
    for (const name of ["junk", "empty", "flag"]) {
      expect(() => numberSetting(settings, name, 1)).toThrow(InputError);
      expect(() => numberSetting(settings, name, 1)).toThrow(new RegExp(`^settings\\.${name} must be a finite number, got `));
    }
  });

  it("read strings (a number as written) and booleans", () => {
    expect(stringSetting(settings, "label", "x")).toBe("spec");
    expect(stringSetting(settings, "eta", "1")).toBe("0.5");
    expect(stringSetting(settings, "absent", "dflt")).toBe("dflt");
    expect(() => stringSetting(settings, "flag", "x")).toThrow(/^settings\.flag must be a string or a number/);
    expect(booleanSetting(settings, "flag", false)).toBe(true);
    expect(booleanSetting(settings, "flagText", true)).toBe(false);
    expect(booleanSetting(settings, "absent", true)).toBe(true);
    expect(() => booleanSetting(settings, "label", false)).toThrow(/^settings\.label must be true or false/);
  });

  it("read a field element exactly from a decimal string, and require it when there is no default", () => {
    const Q = rationalField;
    expect(Q.toString(fieldSetting(Q, settings, "half"))).toBe(Q.toString(Q.div(Q.one, Q.fromNumber(10))));
    expect(Q.toString(fieldSetting(Q, settings, "absent", "2"))).toBe("2");
    expect(() => fieldSetting(Q, settings, "absent")).toThrow(/^settings\.absent is missing/);
    expect(() => fieldSetting(Q, settings, "junk")).toThrow(/^settings\.junk must be a number or a decimal string/);
  });
});
