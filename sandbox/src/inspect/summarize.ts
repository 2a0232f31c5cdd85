import type { SandboxProviderId } from "../provider-ids.js";
import { isoOfSeconds } from "./human-time.js";
import type { ReceivedToken } from "./received-token.js";

/** The fields of a received token a person scans for. */
export type TokenSummary = Pick<ReceivedToken, "user" | "amount" | "currency" | "expiresAt">;

const text = (value: unknown): string | null =>
  typeof value === "string" && value.length > 0 ? value : null;
const number = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** Digits after the point of a currency's minor unit (2 when unknown). */
function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * Who, how much and until when, read from a token's (possibly unverified)
 * claims, per provider.
 *
 * @example
 * summarize("fluz", { externalId: "u1", amount: 50, exp: 1_900_000_000 });
 * // { user: "u1", amount: 50, currency: "USD", expiresAt: "2030-03-17T17:46:40.000Z" }
 */
export function summarize(
  provider: SandboxProviderId,
  claims: Record<string, unknown> | null,
): TokenSummary {
  const c = claims ?? {};
  const expiresAt = isoOfSeconds(c.exp) ?? null;
  switch (provider) {
    case "fluz":
      return { user: text(c.externalId), amount: number(c.amount), currency: "USD", expiresAt };
    case "impact":
      return { user: text(record(c.user).id), amount: null, currency: null, expiresAt };
    case "gr4vy": {
      const embed = record(c.embed);
      const currency = text(embed.currency);
      const minor = number(embed.amount);
      return {
        user: text(embed.buyer_external_identifier) ?? text(embed.buyer_id),
        amount: minor === null ? null : minor / 10 ** minorDigits(currency ?? "USD"),
        currency,
        expiresAt,
      };
    }
    case "jackpot":
      return { user: text(c.userId), amount: number(c.amount), currency: null, expiresAt };
    default:
      return { user: text(c.sub), amount: null, currency: null, expiresAt };
  }
}
