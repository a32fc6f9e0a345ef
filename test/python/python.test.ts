/** The Python module (python/shallowcheck.py) against the built command line, with the machine's python3. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { BIN } from "../cliRun.js";

it("python/test_shallowcheck.py passes (stdlib unittest, real CLI)", () => {
  const result = spawnSync("python3", ["-m", "unittest", "-v", "test_shallowcheck"], {
    cwd: join(import.meta.dirname, "../../python"),
    env: { ...process.env, SHALLOWCHECK_BIN: BIN },
    encoding: "utf8",
    timeout: 240_000,
  });
  expect(result.stderr).toMatch(/\nOK\s*$/);
  expect(result.status).toBe(0);
}, 300_000);
