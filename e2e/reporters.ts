import type { ReporterDescription } from "@playwright/test";

/**
 * The list reporter, plus a JSON report at `outputFile` when CI names one.
 * Shared by the e2e and isolation configs.
 */
export function reporters(outputFile: string | undefined): ReporterDescription[] {
  return outputFile ? [["list"], ["json", { outputFile }]] : [["list"]];
}
