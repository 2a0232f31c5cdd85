import { isRecord } from "@widget-tokens/shared";
import { UpstreamError } from "../../errors.js";
import type { UpstreamResponse } from "../../upstream/http-client.js";
import type { JackpotExchange } from "./exchange-options.js";

const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_SESSION_TOKEN = 8192;

/**
 * Map the token API's answer to the outcome table: 4xx → `UPSTREAM_REJECTED`
 * (with the provider's code when it is a safe token), anything else not 2xx
 * or without a session token → `UPSTREAM_ERROR`. Never echoes its body.
 *
 * @example
 * const { sessionToken, expiresIn } = readJackpotAnswer(res, config.exchange, 3600);
 */
export function readJackpotAnswer(
  res: UpstreamResponse,
  exchange: JackpotExchange,
  defaultExpiresIn: number,
): { sessionToken: string; expiresIn: number } {
  if (res.status >= 400 && res.status < 500) {
    const code = pick(res.json, exchange.errorField);
    const upstreamCode = typeof code === "string" && SAFE_CODE.test(code) ? code : undefined;
    throw new UpstreamError(
      "UPSTREAM_REJECTED",
      `Jackpot refused the exchange (HTTP ${res.status}${upstreamCode ? `, ${upstreamCode}` : ""})`,
      { upstreamCode },
    );
  }
  if (res.status < 200 || res.status >= 300) {
    throw new UpstreamError("UPSTREAM_ERROR", `Jackpot answered HTTP ${res.status}`);
  }
  if (!isRecord(res.json)) {
    throw new UpstreamError("UPSTREAM_ERROR", "Jackpot answered without a JSON object");
  }
  const token = pick(res.json, exchange.tokenField);
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_SESSION_TOKEN) {
    throw new UpstreamError("UPSTREAM_ERROR", "Jackpot answered without a session token");
  }
  const raw = pick(res.json, exchange.expiresInField);
  let expiresIn = defaultExpiresIn;
  if (raw !== undefined && raw !== null) {
    const n = typeof raw === "string" && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 366 * 86_400) {
      throw new UpstreamError("UPSTREAM_ERROR", "Jackpot answered with an invalid expires_in");
    }
    expiresIn = n;
  }
  return { sessionToken: token, expiresIn };
}

function pick(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (!isRecord(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}
