// Sum the Vitest and Playwright JSON reports into one closing line:
// "N passed, N failed, N skipped" (one Vitest report, then each Playwright report). Exits 1 when a report is missing or any test failed.
import { existsSync, readFileSync } from "node:fs";

const [vitestFile, ...playwrightFiles] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numRuntimeErrors ?? 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  // A suite that failed to load counts as a failure too.
  for (const suite of v.testResults ?? [])
    if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failed++;
} else {
  console.error(`missing Vitest report ${vitestFile}`);
  missing = true;
}

for (const playwrightFile of playwrightFiles) {
  if (!existsSync(playwrightFile)) {
    console.error(`missing Playwright report ${playwrightFile}`);
    missing = true;
    continue;
  }
  const p = JSON.parse(readFileSync(playwrightFile, "utf8"));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
  if ((p.errors ?? []).length > 0) failed += p.errors.length;
}
if (playwrightFiles.length === 0) {
  console.error("no Playwright report given");
  missing = true;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing ? 1 : 0);
