#!/usr/bin/env node
// The whole Playwright suite three times in a row while a busy loop holds one
// core, as a loaded CI machine would. Any failed run fails the script. Tests
// must wait for states and events, never for time: this is how we find the
// ones that do not.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.env.STRESS_RUNS ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));
const busy = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
const stopBusy = () => busy.kill("SIGKILL");
process.on("exit", stopBusy);

let failed = 0;
for (let run = 1; run <= runs; run++) {
  console.log(`\n== e2e:stress run ${run} of ${runs} (one core busy)`);
  const { status } = spawnSync("npx", ["playwright", "test", "-c", "e2e/playwright.config.ts"], {
    cwd: root,
    stdio: "inherit",
    // Retries would hide exactly the flakiness this run is looking for.
    env: { ...process.env, PW_RETRIES: "0" },
  });
  if (status !== 0) failed++;
}
stopBusy();
console.log(`\ne2e:stress: ${runs - failed} of ${runs} runs passed`);
process.exit(failed === 0 ? 0 : 1);
