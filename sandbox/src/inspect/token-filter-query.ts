import { SandboxError } from "../errors.js";
import { SANDBOX_PROVIDERS, parseProviderId } from "../provider-ids.js";
import type { TokenFilter } from "./received-token.js";
import { VERDICTS, type Verdict } from "./verdict.js";

const one = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" && v.length > 0 ? v : undefined;
};

const invalid = (field: string, message: string) =>
  new SandboxError("INVALID_FILTER", message, field);

/**
 * A `TokenFilter` from the query of `GET /__inspect`: `provider`, `kind`,
 * `user`, `scope`, `verdict`, `since`. Throws `INVALID_FILTER` naming the
 * parameter.
 *
 * @example
 * parseTokenFilter({ provider: "merchant-api", since: "4" }); // { provider: "merchantApi", since: 4 }
 */
export function parseTokenFilter(query: Record<string, unknown>): TokenFilter {
  const filter: TokenFilter = {};
  const provider = one(query.provider);
  if (provider !== undefined) {
    const id = parseProviderId(provider);
    if (!id) throw invalid("provider", `provider must be one of ${SANDBOX_PROVIDERS.join(", ")}`);
    filter.provider = id;
  }
  const verdict = one(query.verdict);
  if (verdict !== undefined) {
    if (!VERDICTS.includes(verdict as Verdict)) {
      throw invalid("verdict", `verdict must be one of ${VERDICTS.join(", ")}`);
    }
    filter.verdict = verdict as Verdict;
  }
  const since = one(query.since);
  if (since !== undefined) {
    if (!/^\d{1,15}$/.test(since)) throw invalid("since", "since must be a token id (an integer)");
    filter.since = Number(since);
  }
  for (const key of ["kind", "user", "scope"] as const) {
    const value = one(query[key]);
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}

/**
 * The `timeoutMs` of `GET /__inspect/next`: default 10 000, at most 60 000.
 *
 * @example
 * parseTimeout("2500"); // 2500
 */
export function parseTimeout(value: unknown): number {
  const text = one(value);
  if (text === undefined) return 10_000;
  const ms = Number(text);
  if (!/^\d{1,6}$/.test(text) || ms > 60_000) {
    throw invalid("timeoutMs", "timeoutMs must be an integer from 0 to 60000");
  }
  return ms;
}
