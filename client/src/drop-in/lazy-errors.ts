import { WidgetClientError } from "../errors.js";
import type * as errors from "../network-error.js";
import {
  loadMessages,
  networkError as messagesNetworkError,
  responseError as messagesResponseError,
} from "./page-global.js";

/**
 * `network-error.ts` as the drop-in's provider chunks have it (the build puts
 * this module in its place there): the real functions are in the messages
 * chunk, loaded on the first failure. If that chunk does not load either,
 * the error keeps what the chunk knows: `NETWORK_ERROR` for a request that
 * got no answer, `BAD_RESPONSE` with the status for an error answer.
 */

/** The messages chunk's function, once it is loaded; `fallback` if it does not load. */
const fromMessages =
  <A extends unknown[]>(
    real: () => ((...args: A) => WidgetClientError | Promise<WidgetClientError>) | undefined,
    fallback: (...args: A) => WidgetClientError,
  ) =>
  async (...args: A): Promise<WidgetClientError> => {
    try {
      await loadMessages();
      // Read now: the messages chunk has just put it on `WidgetTokens`.
      return await real()!(...args);
    } catch {
      return fallback(...args);
    }
  };

export const networkError: typeof errors.networkError = fromMessages(
  () => messagesNetworkError,
  (_endpoint, cause) =>
    new WidgetClientError("NETWORK_ERROR", "Could not reach the token endpoint", { cause }),
);

export const responseError: (
  ...args: Parameters<typeof errors.responseError>
) => Promise<WidgetClientError> = fromMessages(
  () => messagesResponseError,
  ({ status }) =>
    new WidgetClientError("BAD_RESPONSE", `Token endpoint answered ${status}`, { status }),
);
