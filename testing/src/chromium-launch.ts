import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

/**
 * Debian's `chromium-headless-shell` package: the same Chromium build as its
 * `chromium` package, without the full browser's window and UI layers (what
 * Playwright itself runs for `headless: true`). About half the CPU per e2e
 * test of the full browser in headless mode (docs/contributing.md, "Times").
 */
export const HEADLESS_SHELL_PATH = "/usr/bin/chromium-headless-shell";
/** Debian and Ubuntu's full Chromium: a window for `--headed` and `--debug`. */
export const FULL_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The executable chromiumLaunchOptions() names: `CHROMIUM_PATH` when set;
 * else the headless shell when it is installed and no Playwright Inspector
 * (`PWDEBUG`, which `--debug` sets) needs a window; else `/usr/bin/chromium`.
 * (`--headed` alone leaves no trace in the environment: a headed run on a
 * machine with the shell sets `CHROMIUM_PATH=/usr/bin/chromium`.)
 */
export function chromiumExecutable(
  env: Readonly<Record<string, string | undefined>>,
  installed: (path: string) => boolean = existsSync,
): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (!env.PWDEBUG && installed(HEADLESS_SHELL_PATH)) return HEADLESS_SHELL_PATH;
  return FULL_CHROMIUM_PATH;
}

/**
 * Launch options for the system's Chromium, nothing downloaded by
 * `npx playwright install`: `CHROMIUM_PATH`, or Debian's
 * `chromium-headless-shell` when installed, or Debian and Ubuntu's
 * `/usr/bin/chromium` (chromiumExecutable). `--no-sandbox` and
 * `--disable-gpu` for containers (the container is the sandbox); the rest
 * keep Chromium from calling home during a run on a closed CI network (no
 * background requests, component updates, sync, first-run pages or QUIC).
 * `--disable-gpu-rasterization` undoes the `--enable-gpu-rasterization`
 * Debian's `chromium` launcher adds (/etc/chromium.d): with no GPU it
 * rasterizes through SwiftShader, a sixth more CPU per e2e test
 * (docs/contributing.md, "Times"). The project's own e2e suite and
 * benchmarks use these options too.
 *
 * @example
 * // playwright.config.ts
 * export default defineConfig({
 *   use: { browserName: "chromium", launchOptions: chromiumLaunchOptions() },
 * });
 */
export function chromiumLaunchOptions(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LaunchOptions {
  return {
    executablePath: chromiumExecutable(env),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-gpu-rasterization",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  };
}
