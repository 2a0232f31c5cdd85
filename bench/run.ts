// `npm run bench`: every benchmark in turn; each prints its ratios against a baseline measured in the same run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const benches = ["bench/fluz-route.ts", "bench/gr4vy-es512.ts", "bench/client-size.ts"];
let failed = false;
for (const file of benches) {
  if (!existsSync(file)) continue;
  console.log(`\n### ${file}\n`);
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@widget-tokens/source", file],
    {
      stdio: "inherit",
    },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
