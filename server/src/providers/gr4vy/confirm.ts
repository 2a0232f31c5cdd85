import { GR4VY_UUID } from "@widget-tokens/shared";
import { LedgerError, UpstreamError, invalidRequest } from "../../errors.js";
import type { LedgerEntry } from "../../ledger/entry.js";
import type { LedgerService } from "../../ledger/ledger.js";
import { type Gr4vyApi, gr4vyRejected } from "./api.js";

/** What `confirmGr4vyTransaction` checks the transaction against. */
export interface Gr4vyConfirmOptions {
  expected: {
    /** The signed-in user (`identify(req).id`): the entry must be theirs. */
    userId: string;
    /**
     * The ledger key the payment belongs to: the embed token's `jti`.
     * Default: the transaction's `checkout_session_id` (with `checkoutSessions: true`).
     */
    key?: string;
  };
}

/** The transaction as read back from Gr4vy, in the fields a shop shows. */
export interface Gr4vyConfirmedTransaction {
  id: string;
  status: string;
  /** Minor units. */
  amount: number;
  currency: string;
  checkoutSessionId: string | null;
  buyerExternalIdentifier: string | null;
  /** The card's last four digits (or the method's label). */
  paymentMethodLabel: string | null;
}

export interface Gr4vyConfirmation {
  /** True when the payment succeeded and its entry is settled (now, or before: `replayed`). */
  settled: boolean;
  replayed: boolean;
  transaction: Gr4vyConfirmedTransaction;
  entry: LedgerEntry;
}

/** Statuses of a payment that went through (authorized, or captured). */
const SUCCEEDED = new Set(["authorization_succeeded", "capture_succeeded", "capture_pending"]);

const mismatch = (field: string, message: string) =>
  new LedgerError("GR4VY_TRANSACTION_MISMATCH", message, { field });

/**
 * Read a transaction back from Gr4vy (an API token with `transactions.read`)
 * and hold it against what the embed token pinned, as the ledger recorded
 * it: amount, currency, buyer and checkout session, for this user. A
 * succeeded payment settles the entry (once; a second confirmation of the
 * same transaction is `replayed`); a declined one settles nothing and says
 * so. Throws `INVALID_REQUEST` (not a transaction id),
 * `GR4VY_TRANSACTION_NOT_FOUND`, `GR4VY_TRANSACTION_MISMATCH` (with the
 * field), the ledger's codes (`LEDGER_UNKNOWN_KEY`, `LEDGER_USER_MISMATCH`,
 * `LEDGER_ALREADY_SETTLED`, …) and the upstream ones (502, 504).
 *
 * @example
 * const confirm = gr4vyConfirmer(api, ledger);
 * const { settled, transaction } = await confirm(id, { expected: { userId: user.id } });
 */
export function gr4vyConfirmer(api: Gr4vyApi, ledger: LedgerService) {
  return async (id: string, { expected }: Gr4vyConfirmOptions): Promise<Gr4vyConfirmation> => {
    if (typeof id !== "string" || !GR4VY_UUID.test(id)) {
      throw invalidRequest("id", "id must be a Gr4vy transaction id (a UUID)");
    }
    if (typeof expected?.userId !== "string" || expected.userId.length === 0) {
      throw new TypeError("confirmGr4vyTransaction: expected.userId is required");
    }
    const answer = await api.call("GET", `/transactions/${id}`, ["transactions.read"]);
    if (answer.status === 404) {
      throw new LedgerError("GR4VY_TRANSACTION_NOT_FOUND", "Gr4vy has no such transaction");
    }
    if (answer.status !== 200) throw gr4vyRejected(answer, "read the transaction");
    const transaction = readTransaction(answer.json, id);
    const key = expected.key ?? transaction.checkoutSessionId;
    if (!key) throw mismatch("checkout_session_id", "The transaction names no checkout session");
    const entry = await ledger.lookup(key);
    if (entry === null) {
      throw new LedgerError("LEDGER_UNKNOWN_KEY", "No pre-approval was issued under this key");
    }
    if (entry.provider !== "gr4vy") {
      throw new LedgerError("LEDGER_PROVIDER_MISMATCH", "This key was issued for another provider");
    }
    if (entry.userId !== expected.userId) {
      throw new LedgerError("LEDGER_USER_MISMATCH", "This key was issued to another user");
    }
    if (transaction.amount !== entry.amount) {
      throw mismatch("amount", "The transaction's amount is not the one pinned in the embed token");
    }
    if (transaction.currency !== entry.currency) {
      throw mismatch(
        "currency",
        "The transaction's currency is not the one pinned in the embed token",
      );
    }
    if (
      entry.buyerExternalIdentifier !== undefined &&
      transaction.buyerExternalIdentifier !== entry.buyerExternalIdentifier
    ) {
      throw mismatch("buyer", "The transaction's buyer is not the one pinned in the embed token");
    }
    if (
      entry.checkoutSessionId !== undefined &&
      transaction.checkoutSessionId !== entry.checkoutSessionId
    ) {
      throw mismatch("checkout_session_id", "The transaction belongs to another checkout session");
    }
    if (!SUCCEEDED.has(transaction.status)) {
      return { settled: false, replayed: false, transaction, entry };
    }
    const result = await ledger.settle(key, {
      amount: transaction.amount,
      reference: transaction.id,
      provider: "gr4vy",
      userId: expected.userId,
      currency: transaction.currency,
    });
    return { settled: true, replayed: result.replayed, transaction, entry: result.entry };
  };
}

/** Gr4vy's REST transaction (snake_case), checked field by field. */
function readTransaction(json: unknown, id: string): Gr4vyConfirmedTransaction {
  const tx = (json ?? {}) as Record<string, unknown>;
  const buyer = (tx.buyer ?? null) as Record<string, unknown> | null;
  const method = (tx.payment_method ?? null) as Record<string, unknown> | null;
  if (
    tx.id !== id ||
    typeof tx.status !== "string" ||
    !Number.isSafeInteger(tx.amount) ||
    typeof tx.currency !== "string"
  ) {
    throw new UpstreamError(
      "UPSTREAM_ERROR",
      "Gr4vy answered something other than this transaction",
    );
  }
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    id,
    status: tx.status,
    amount: tx.amount as number,
    currency: tx.currency,
    checkoutSessionId: str(tx.checkout_session_id),
    buyerExternalIdentifier: str(buyer?.external_identifier),
    paymentMethodLabel: str(method?.label),
  };
}
