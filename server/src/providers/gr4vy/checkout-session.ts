import type { Gr4vyEmbedClaim } from "@widget-tokens/shared";
import { UpstreamError } from "../../errors.js";
import type { LedgerService } from "../../ledger/ledger.js";
import type { Store } from "../../stores/store.js";
import type { WidgetUser } from "../../user.js";
import { type Gr4vyApi, gr4vyRejected } from "./api.js";

/** The session an embed token names, and when Gr4vy ends it. */
export interface CheckoutSession {
  id: string;
  expiresAt: Date;
}

/** A session with less than this left is not handed out again: a new one is made. */
const MIN_LEFT_MS = 120_000;

interface Pointer {
  id: string;
  expiresAt: string;
  /** What the session was made (or last updated) for. */
  cart: string;
}

const SCOPES = ["checkout-sessions.write"];

/**
 * Checkout sessions made server-side: the user's current session is reused
 * while it has more than two minutes of its hour left; a changed cart updates
 * it (`PUT`, which keeps Gr4vy's `expires_at`: an update never extends it)
 * and amends its ledger entry; otherwise (none, nearly over, paid, deleted)
 * a new one is created with the cart and metadata, and recorded in the
 * ledger under its id: what a transaction's `checkout_session_id` settles.
 *
 * @example
 * const session = await sessions.sessionFor(user, embed, store);
 */
export function checkoutSessions(api: Gr4vyApi, ledger: LedgerService, now: () => number) {
  const pointerKey = (userId: string) => `gr4vy-session:${userId}`;

  async function create(user: WidgetUser, embed: Gr4vyEmbedClaim, cart: string, store: Store) {
    const answer = await api.call("POST", "/checkout/sessions", SCOPES, body(embed));
    const json = answer.json as { id?: unknown; expires_at?: unknown } | undefined;
    const expiresAt = new Date(typeof json?.expires_at === "string" ? json.expires_at : Number.NaN);
    if (answer.status !== 201 && answer.status !== 200)
      throw gr4vyRejected(answer, "create a checkout session");
    if (typeof json?.id !== "string" || Number.isNaN(expiresAt.getTime())) {
      throw new UpstreamError(
        "UPSTREAM_ERROR",
        "Gr4vy answered a checkout session without id or expires_at",
      );
    }
    const session = { id: json.id, expiresAt };
    await ledger.record(
      {
        key: session.id,
        provider: "gr4vy",
        userId: user.id,
        amount: embed.amount,
        currency: embed.currency,
        transactionType: "PAYMENT",
        expiresAt,
        checkoutSessionId: session.id,
        ...(embed.buyer_external_identifier
          ? { buyerExternalIdentifier: embed.buyer_external_identifier }
          : {}),
      },
      store,
    );
    await remember(user, session, cart, store);
    return session;
  }

  async function remember(user: WidgetUser, session: CheckoutSession, cart: string, store: Store) {
    const pointer: Pointer = { id: session.id, expiresAt: session.expiresAt.toISOString(), cart };
    const ttl = session.expiresAt.getTime() - now();
    if (ttl > 0) await store.set(pointerKey(user.id), JSON.stringify(pointer), ttl);
  }

  return {
    async sessionFor(
      user: WidgetUser,
      embed: Gr4vyEmbedClaim,
      store: Store,
    ): Promise<CheckoutSession> {
      const cart = JSON.stringify([
        embed.amount,
        embed.currency,
        embed.buyer_external_identifier ?? null,
        embed.cart_items ?? null,
        embed.metadata ?? null,
      ]);
      const raw = await store.get(pointerKey(user.id));
      const pointer = raw ? (JSON.parse(raw) as Pointer) : undefined;
      const expiresAt = pointer ? new Date(pointer.expiresAt) : undefined;
      if (!pointer || !expiresAt || expiresAt.getTime() - now() <= MIN_LEFT_MS) {
        return create(user, embed, cart, store);
      }
      const entry = await ledger.lookup(pointer.id);
      if (entry?.status !== "approved") return create(user, embed, cart, store);
      const session = { id: pointer.id, expiresAt };
      if (pointer.cart === cart) return session;
      // The cart changed: the same session, updated; its hour stays what it was.
      const answer = await api.call(
        "PUT",
        `/checkout/sessions/${encodeURIComponent(pointer.id)}`,
        SCOPES,
        body(embed),
      );
      if (answer.status === 404) return create(user, embed, cart, store);
      if (answer.status !== 200) throw gr4vyRejected(answer, "update a checkout session");
      const amended = await ledger.amend(pointer.id, {
        amount: embed.amount,
        currency: embed.currency,
        ...(embed.buyer_external_identifier
          ? { buyerExternalIdentifier: embed.buyer_external_identifier }
          : {}),
      });
      if (!amended) return create(user, embed, cart, store);
      await remember(user, session, cart, store);
      return session;
    },
  };
}

/** What Gr4vy stores on a session: the cart and the metadata. */
function body(embed: Gr4vyEmbedClaim) {
  return { cart_items: embed.cart_items ?? [], metadata: embed.metadata ?? {} };
}
