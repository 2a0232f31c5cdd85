#!/usr/bin/env node
/**
 * `npm run build`: every workspace's own `build` script, each as soon as the
 * workspaces it depends on are built (its build reads their dist/), as many
 * at once as the machine has cores. The order comes from the workspaces'
 * package.json files: a workspace waits for every @widget-tokens package it
 * names in dependencies, peerDependencies or devDependencies. On two cores
 * this takes 22 s where one after the other took 30 s (docs/contributing.md,
 * "Times"). A build's output is printed when it ends, not interleaved; the
 * first failure stops new builds, and the exit code is 1.
 *
 * `node scripts/build.mjs client react` builds those workspaces and what they
 * need.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const read = (dir) => JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));

/** name → { dir, needs: workspace dirs it waits for } for each workspace with a build script. */
function workspaces() {
  const all = read(".").workspaces.map((dir) => ({ dir, pkg: read(dir) }));
  const dirOf = new Map(all.map(({ dir, pkg }) => [pkg.name, dir]));
  const built = all.filter(({ pkg }) => pkg.scripts?.build);
  const builtDirs = new Set(built.map(({ dir }) => dir));
  return new Map(
    built.map(({ dir, pkg }) => {
      const named = Object.keys({
        ...pkg.dependencies,
        ...pkg.peerDependencies,
        ...pkg.devDependencies,
      });
      const needs = named.map((n) => dirOf.get(n)).filter((d) => d && builtDirs.has(d));
      return [dir, needs];
    }),
  );
}

/** `wanted` and everything they need, transitively. */
function closure(graph, wanted) {
  const out = new Set();
  const visit = (dir) => {
    if (out.has(dir)) return;
    if (!graph.has(dir)) throw new Error(`no workspace "${dir}" with a build script`);
    out.add(dir);
    for (const d of graph.get(dir)) visit(d);
  };
  for (const w of wanted) visit(w);
  return out;
}

function build(dir) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "build", "-w", dir], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = [];
    child.stdout.on("data", (c) => output.push(c));
    child.stderr.on("data", (c) => output.push(c));
    child.on("error", (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on("close", (code) => resolve({ ok: code === 0, output: Buffer.concat(output) }));
  });
}

async function main() {
  const graph = workspaces();
  const args = process.argv.slice(2);
  const todo = closure(graph, args.length ? args : graph.keys());
  const done = new Set();
  const running = new Map();
  const limit = Math.max(1, availableParallelism());
  let failed = false;
  const ready = () =>
    [...todo].filter(
      (d) => !running.has(d) && graph.get(d).every((n) => done.has(n) || !todo.has(n)),
    );
  while (todo.size || running.size) {
    if (!failed) {
      for (const dir of ready().slice(0, limit - running.size)) {
        running.set(
          dir,
          build(dir).then((r) => ({ dir, ...r })),
        );
      }
    }
    if (!running.size) break; // failed, or a dependency cycle (nothing ready)
    const { dir, ok, output } = await Promise.race(running.values());
    running.delete(dir);
    todo.delete(dir);
    process.stdout.write(output);
    if (ok) done.add(dir);
    else {
      failed = true;
      process.stderr.write(`\nbuild of ${dir} failed\n`);
    }
  }
  if (!failed && todo.size) {
    process.stderr.write(`build: a dependency cycle among ${[...todo].join(", ")}\n`);
    failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
