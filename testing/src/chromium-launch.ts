import type { LaunchOptions } from "@playwright/test";

/**
 * Launch options for the system's Chromium, nothing downloaded by
 * `npx playwright install`: `CHROMIUM_PATH`, or Debian and Ubuntu's
 * `/usr/bin/chromium`. `--no-sandbox` and `--disable-gpu` for containers (the
 * container is the sandbox); the rest keep Chromium from calling home during
 * a run on a closed CI network (no background requests, component updates,
 * sync, first-run pages or QUIC). `--disable-gpu-rasterization` undoes the
 * `--enable-gpu-rasterization` Debian's launcher adds (/etc/chromium.d): with
 * no GPU it rasterizes through SwiftShader, a sixth more CPU per e2e test
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
    executablePath: env.CHROMIUM_PATH || "/usr/bin/chromium",
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
