#!/usr/bin/env node
/**
 * Builds the optional native addons with node-gyp (binding.gyp → build/Release/): the GD step
 * (shallowcheck_gdstep.node), the float64 loss / gradient / Hessian-vector kernels
 * (shallowcheck_kernels.node) and the planted-model descent of soltanolkotabi2019 Figs 2–4
 * (shallowcheck_planted.node; without it src/fast/plantedNative.ts runs the TypeScript kernel). Never fails the install: without a compiler, node-gyp or Node's
 * headers it prints one warning line and exits 0, and shallowcheck runs the WebAssembly GD step
 * and the TypeScript kernels instead (src/fast/gdStepNative.ts and src/fast/nativeKernels.ts
 * report the addons as unavailable). Uses the headers that ship with
 * this Node (<prefix>/include/node) when present, so no download is needed; otherwise node-gyp's
 * own header cache or download. SHALLOWCHECK_SKIP_NATIVE=1 skips the build.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function warn(reason) {
  console.warn(`shallowcheck: native kernels not built (${reason}); the WebAssembly GD step and the TypeScript kernels will be used`);
  process.exit(0);
}

if (process.env.SHALLOWCHECK_SKIP_NATIVE === "1") warn("SHALLOWCHECK_SKIP_NATIVE=1");

function nodeGypScript() {
  // npm exposes its bundled node-gyp through npm_config_node_gyp; else look next to npm.
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js"));
  } catch {
    // not installed locally
  }
  const prefix = resolve(dirname(process.execPath), "..");
  candidates.push(join(prefix, "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  return candidates.find((file) => file && existsSync(file));
}

const script = nodeGypScript();
if (!script) warn("node-gyp not found");
const args = [script, "rebuild"];
const prefix = resolve(dirname(process.execPath), "..");
if (existsSync(join(prefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${prefix}`);
const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
if (result.error || result.status !== 0) {
  const lines = `${result.stderr ?? ""}`.trim().split("\n").filter((line) => /error/i.test(line));
  warn(result.error?.message ?? lines.at(-1) ?? `node-gyp exited with ${result.status}`);
}
