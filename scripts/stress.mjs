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
// The busy loop also ends by itself once this script is gone (killed by a
// signal, "exit" never runs): it looks at its parent every few million turns,
// so a stopped stress run never leaves a core held for the next job.
const busyLoop = `const parent = ${process.pid}; for (let i = 0; ; i++) if (i % 5e6 === 0 && process.ppid !== parent) process.exit();`;
const busy = spawn(process.execPath, ["-e", busyLoop], { stdio: "ignore" });
const stopBusy = () => busy.kill("SIGKILL");
process.on("exit", stopBusy);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopBusy();
    process.exit(1);
  });
}

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
