import { WidgetClientError } from "../errors.js";
import type * as errors from "../network-error.js";
import type { DropInGlobal } from "./bootstrap.js";

/**
 * `network-error.ts` as the drop-in's provider chunks have it (the build puts
 * this module in its place there): the real functions are in the messages
 * chunk, loaded on the first failure. If that chunk does not load either,
 * the error keeps what the chunk knows: `NETWORK_ERROR` for a request that
 * got no answer, `BAD_RESPONSE` with the status for an error answer.
 */
type Errors = typeof errors;

/** The messages chunk's `name`, once loaded; `fallback` if it does not load. */
const fromMessages =
  <K extends keyof Errors>(
    name: K,
    fallback: (...args: Parameters<Errors[K]>) => WidgetClientError,
  ) =>
  async (...args: Parameters<Errors[K]>): Promise<WidgetClientError> => {
    const global = (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens;
    try {
      await global.loadMessages();
      const real = global[name] as unknown as (
        ...a: Parameters<Errors[K]>
      ) => WidgetClientError | Promise<WidgetClientError>;
      return await real(...args);
    } catch {
      return fallback(...args);
    }
  };

export const networkError = fromMessages(
  "networkError",
  (_endpoint, cause) =>
    new WidgetClientError("NETWORK_ERROR", "Could not reach the token endpoint", { cause }),
);

export const responseError = fromMessages(
  "responseError",
  ({ status }) =>
    new WidgetClientError("BAD_RESPONSE", `Token endpoint answered ${status}`, { status }),
);
