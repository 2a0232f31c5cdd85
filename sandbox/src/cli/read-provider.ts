import { CliError } from "../cli-error.js";
import { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "../provider-ids.js";

/**
 * The `<provider>` argument. Throws a usage error naming the choices.
 *
 * @example
 * readProvider("merchant-api"); // "merchantApi"
 */
export function readProvider(value: string | undefined): SandboxProviderId {
  if (value === undefined) {
    throw new CliError("USAGE", `missing <provider>: one of ${SANDBOX_PROVIDERS.join(", ")}`);
  }
  const id = parseProviderId(value);
  if (!id) {
    throw new CliError(
      "UNKNOWN_PROVIDER",
      `unknown provider ${JSON.stringify(value)}: use one of ${SANDBOX_PROVIDERS.join(", ")}`,
    );
  }
  return id;
}
