// Sum the Vitest and Playwright JSON reports into one closing line:
// "N passed, N failed, N skipped". Each argument is one report, of either
// kind (told apart by its shape: Vitest's has numPassedTests, Playwright's
// stats). Exits 1 when a report is missing or unreadable, or any test failed.
import { existsSync, readFileSync } from "node:fs";

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = files.length === 0;
if (missing) console.error("no report given");

for (const file of files) {
  if (!existsSync(file)) {
    console.error(`missing report ${file}`);
    missing = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (typeof report.numPassedTests === "number") {
    passed += report.numPassedTests;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure too.
    for (const suite of report.testResults ?? [])
      if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failed++;
  } else if (report.stats) {
    passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected ?? 0;
    skipped += report.stats.skipped ?? 0;
    failed += (report.errors ?? []).length;
  } else {
    console.error(`${file} is neither a Vitest nor a Playwright JSON report`);
    missing = true;
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing ? 1 : 0);
