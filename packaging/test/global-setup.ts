/**
 * The packaging project's global set-up (vite.config.ts), once a run for all
 * its files: `npm pack` every published workspace (packaging/pack.ts) and
 * copy the tarballs into the checkout's form; start one local registry
 * (Verdaccio, helpers/registry.ts) and publish the packs to it; then start
 * every temp app's install (helpers/apps.ts) in the background and hand the
 * files what they need through `inject("packaging")` (helpers/installs.ts).
 * Everything lives under one temp dir, removed by the teardown with
 * Verdaccio stopped and any install still running killed, whatever failed.
 * Needs a build (`npm run build`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ROOT, packWorkspaces, siblingCopies } from "../pack.js";
import { appPlans } from "./helpers/apps.js";
import { type AppPlan, type Installs, startInstalls } from "./helpers/installs.js";
import { type LocalRegistry, startLocalRegistry } from "./helpers/registry.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), "widget-tokens-packaging-"));
  let registry: LocalRegistry | undefined;
  let installs: Installs | undefined;
  const teardown = async () => {
    await installs?.close();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const packs = packWorkspaces(join(work, "packs"));
    const checkoutPacks = siblingCopies(packs, join(work, "checkout-packs"));
    const local = await startLocalRegistry(join(work, "registry"));
    registry = local;
    await Promise.all(packs.map((p) => local.publish(p.tarball))).catch((err: Error) => {
      throw new Error(`${err.message}\n--- Verdaccio log\n${local.log()}`);
    });
    installs = await startInstalls(
      work,
      join(ROOT, "packaging", "fixtures"),
      onlyApps(appPlans({ packs, checkoutPacks, registry: local }), process.env.PACKAGING_APPS),
    );
    project.provide("packaging", { work, packs, checkoutPacks, installsUrl: installs.url });
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}

/**
 * The apps `PACKAGING_APPS` names (comma-separated), or every app: a run of
 * one file installs only what that file uses (`npm run test:recipes` and
 * `e2e:stress` set `PACKAGING_APPS=qa-project`). A name no plan has fails
 * the set-up, so a renamed app cannot silently install nothing.
 */
function onlyApps(plans: AppPlan[], names: string | undefined): AppPlan[] {
  const wanted = names
    ?.split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  if (!wanted?.length) return plans;
  for (const name of wanted) {
    if (!plans.some((p) => p.name === name)) {
      throw new Error(
        `PACKAGING_APPS names no app "${name}": packaging/test/helpers/apps.ts lists them`,
      );
    }
  }
  return plans.filter((p) => wanted.includes(p.name));
}
