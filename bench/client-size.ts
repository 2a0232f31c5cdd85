// Sizes of the built client files, raw and gzip, against the budgets the tests enforce.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { SIZE_BUDGETS } from "../client/test/size-budgets.js";

for (const [file, budget] of Object.entries(SIZE_BUDGETS)) {
  const bytes = readFileSync(`client/dist/${file}`);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `${file.padEnd(22)} ${String(bytes.length).padStart(7)} B  gzip ${String(gz).padStart(6)} B  budget ${budget} B  (${((gz / budget) * 100).toFixed(0)}%)`,
  );
}
