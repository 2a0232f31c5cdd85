import type { LaunchOptions, ReporterDescription } from "@playwright/test";

/**
 * Debian's Chromium (never a downloaded browser), with the flags this
 * machine's closed network needs. CHROMIUM_PATH overrides the executable.
 * Shared by the e2e and isolation configs.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

/** The list reporter, plus a JSON report at `outputFile` when CI names one. */
export function reporters(outputFile: string | undefined): ReporterDescription[] {
  return outputFile ? [["list"], ["json", { outputFile }]] : [["list"]];
}
