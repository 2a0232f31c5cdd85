#!/usr/bin/env node
// A test suite three times in a row while a busy loop holds one core, as a
// loaded CI machine would; any failed run fails the script. Retries are off
// (PW_RETRIES=0 for Playwright, --retry=0 for Vitest): a flaky test must not
// hide behind one. Tests wait for states and events, never for time: this is
// how we find the ones that do not.
//
//   node scripts/stress.mjs <label> -- <command> [args…]
//   STRESS_RUNS=5 npm run test:stress
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const [label, dashes, command, ...args] = process.argv.slice(2);
if (!label || dashes !== "--" || !command) {
  console.error("usage: node scripts/stress.mjs <label> -- <command> [args…]");
  process.exit(2);
}
const runs = Number(process.env.STRESS_RUNS ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));
const busy = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
const stopBusy = () => busy.kill("SIGKILL");
process.on("exit", stopBusy);

let failed = 0;
for (let run = 1; run <= runs; run++) {
  console.log(`\n== ${label} run ${run} of ${runs} (one core busy)`);
  const started = performance.now();
  const { status } = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PW_RETRIES: "0" },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`== ${label} run ${run}: ${status === 0 ? "passed" : "FAILED"} in ${seconds} s`);
  if (status !== 0) failed++;
}
stopBusy();
console.log(`\n${label}: ${runs - failed} of ${runs} runs passed`);
process.exit(failed === 0 ? 0 : 1);
