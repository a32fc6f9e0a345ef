// Prints the closing line CI reads, "N passed, N failed", from vitest's own JSON report.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? "reports/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (error) {
  console.log(`no test report at ${path}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
// Skipped tests get their own line: the closing line stays exactly "N passed, N failed".
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
// A suite that fails to load has no failing *test*, but the run failed.
process.exit(report.success && report.numFailedTestSuites === 0 ? 0 : 1);
