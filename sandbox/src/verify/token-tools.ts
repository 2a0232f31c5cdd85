import { CliError, EXIT } from "../cli-error.js";
import type { StandInTokenTools } from "../stand-in.js";
import type { AnyStandIn } from "../stand-ins.js";

/**
 * A stand-in's offline token tools (`verify`, `mint`). Throws `CliError`
 * `UNKNOWN_PROVIDER` (exit 2) with the stand-in's reason when it has none.
 *
 * @example
 * const tools = tokenToolsOf(standInOf("fluz"));
 * const config = tools.readConfig(process.env, false);
 */
export function tokenToolsOf(standIn: AnyStandIn): StandInTokenTools<unknown> {
  if (typeof standIn.tokens === "string") {
    throw new CliError("UNKNOWN_PROVIDER", standIn.tokens, EXIT.usage);
  }
  return standIn.tokens;
}
