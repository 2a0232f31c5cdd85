import { WidgetClientError } from "../errors.js";
import type * as errors from "../network-error.js";
import type { DropInGlobal } from "./bootstrap.js";

/**
 * `network-error.ts` as the drop-in's core chunk has it (the build puts this
 * module in its place there): the real functions are in the messages
 * chunk, loaded on the first failure. If that chunk does not load either,
 * the error keeps what the core knows: `NETWORK_ERROR` for a request that
 * got no answer, `BAD_RESPONSE` with the status for an error answer.
 */
const global = () => (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens;

export const networkError: typeof errors.networkError = async (endpoint, cause, doFetch) => {
  try {
    await global().loadMessages();
    return await global().networkError!(endpoint, cause, doFetch);
  } catch {
    return new WidgetClientError("NETWORK_ERROR", "Could not reach the token endpoint", { cause });
  }
};

export const responseError = async (
  ...args: Parameters<typeof errors.responseError>
): Promise<WidgetClientError> => {
  try {
    await global().loadMessages();
    return global().responseError!(...args);
  } catch {
    const { status } = args[0];
    return new WidgetClientError("BAD_RESPONSE", `Token endpoint answered ${status}`, { status });
  }
};
