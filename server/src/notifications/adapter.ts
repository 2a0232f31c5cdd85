import type { HmacScheme } from "./verify-hmac.js";

/** What one notification asks for, in the ledger's terms. */
export type NotificationAction =
  | {
      action: "settle";
      /** The ledger key: the token's own id, as the provider echoes it. */
      key: string;
      /** Minor units (cents). */
      amount: number;
      /** The provider's id of the transaction: the same on every retry. */
      reference: string;
      /** The user the provider names, when it names one: checked against the entry. */
      userId?: string;
      /** Checked against the entry's transaction type, when given. */
      transactionType?: string;
    }
  | {
      /** An event the ledger has nothing to do with: acknowledged (200), nothing changes. */
      action: "ignore";
      event: string;
    };

/**
 * One provider's wire format of server-to-server notifications: where the
 * signature travels and how the body maps onto a settlement. Each adapter
 * says which parts follow the provider's published format and which are
 * our assumption (docs/ledger.md).
 */
export interface NotificationAdapter {
  provider: string;
  /** The default HMAC verification's headers. */
  scheme: HmacScheme;
  /**
   * Read the verified JSON body (and the query, where the provider puts the
   * key there). Throw `invalidRequest(field, …)` for a malformed one.
   */
  read(body: Record<string, unknown>, query: URLSearchParams): NotificationAction;
}
