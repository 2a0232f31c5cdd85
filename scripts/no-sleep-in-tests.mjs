#!/usr/bin/env node
// Refuses waits on the wall clock in test code (npm run lint:sleep, part of
// npm run lint): a sleep makes a test slow on an idle machine and flaky on a
// busy one. Wait for an event or a state instead (vi.waitFor, expect.poll,
// Playwright's auto-waiting assertions, page.waitForRequest), or move the
// clock (vi.useFakeTimers, a `now` option).
//
// A use that is not a wait on the clock (a test of a timeout feature, a stand-in
// that answers late on purpose) carries the escape comment, with its reason,
// on the same line or the line above:
//   // no-sleep-ok: <why this is not a wait on the clock>
//
// Prints file:line:column for each finding; exits 1 if there is any.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Test code: spec and test files, test helpers, e2e and packaging tests. */
const TEST_FILE =
  /(^|\/)(test|test-d|e2e|specs)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)e2e\/.*\.[cm]?[jt]sx?$/;
const SOURCE = /\.[cm]?[jt]sx?$/;

const RULES = [
  {
    pattern: /\bwaitForTimeout\s*\(/,
    message: "page.waitForTimeout() waits on the clock: wait for a state or an event",
  },
  {
    // new Promise((r) => setTimeout(r, 50)), setTimeout(resolve, ms)
    pattern: /\bsetTimeout\s*\(\s*(r|res|resolve|done|next|ok)\s*[,)]/,
    message: "setTimeout(resolve, …) is a sleep: wait for a state (vi.waitFor) or use fake timers",
  },
  {
    pattern:
      /\bfrom\s+["'](node:)?timers\/promises["']|require\(\s*["'](node:)?timers\/promises["']\s*\)/,
    message: "timers/promises is a sleep: wait for a state or use fake timers",
  },
  {
    // a sleep helper, called or defined
    pattern: /(?<![.\w])(sleep|delay)\s*\(|\b(const|let|function)\s+(sleep|delay)\b/,
    message: "a sleep helper: wait for a state or an event, or move the clock",
  },
];

const ESCAPE = /no-sleep-ok:\s*\S/;

/**
 * Files another piece of work is rewriting: reported, not failed, until it
 * lands (then take the file off this list).
 */
const PENDING = new Set([]);

const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => SOURCE.test(f) && TEST_FILE.test(f) && !f.includes("node_modules/"));

const findings = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // deleted in the work tree
  }
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    for (const { pattern, message } of RULES) {
      const match = pattern.exec(code);
      if (!match) continue;
      if (ESCAPE.test(line) || ESCAPE.test(lines[i - 1] ?? "")) continue;
      const finding = `${file}:${i + 1}:${match.index + 1}: ${message}`;
      if (PENDING.has(file)) console.warn(`${finding} (pending: not failed)`);
      else findings.push(finding);
    }
  });
}

for (const finding of findings) console.error(finding);
if (findings.length) {
  const marker = "`// no-sleep-ok: <reason>`";
  console.error(
    `\n${findings.length} wait(s) on the wall clock in tests. A legitimate use carries ${marker} on its line or the line above.`,
  );
  process.exit(1);
}
console.log(`no-sleep-in-tests: ${files.length} test files, no wait on the wall clock`);
