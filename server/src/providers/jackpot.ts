import { randomUUID } from "node:crypto";
import {
  JACKPOT_ANONYMOUS,
  JWT_BEARER_GRANT,
  type JackpotInitClaims,
  type JackpotSessionTokenResponse,
  TOKEN_ROUTES,
  parseAmount,
} from "@widget-tokens/shared";
import { WidgetTokensError, WidgetTokensOptionError, invalidRequest } from "../errors.js";
import type { Request } from "../http/types.js";
import { hmacKey } from "../jwt/hmac-key.js";
import { hs256Signer } from "../jwt/hs256.js";
import {
  isRecord,
  optionalFunction,
  optionalNumber,
  optionalString,
  optionalUrl,
  requireRecord,
  requireString,
} from "../options/check.js";
import { parseDuration } from "../options/duration.js";
import {
  type UpstreamResponse,
  UpstreamTransportError,
  createUpstreamClient,
} from "../upstream/http-client.js";
import type { WidgetUser } from "../user.js";
import { type ProviderDefinition, defineRoute } from "./provider.js";

/** The profile claims; each one missing falls back to the anonymous default. */
export interface JackpotProfile {
  /** Zip code ("cp"); default "99". */
  cp?: string;
  /** Age in years; default 99. */
  age?: number;
  /** Omitted when unknown. */
  gender?: string;
}

/** What `onIssued` receives for each initialization token, before it is exchanged. */
export interface JackpotIssued {
  /** Match it in your Jackpot notification handler. */
  notificationKey: string;
  userId: string;
  amount: number;
  user: WidgetUser;
  /** 1 for the first token of a request, 2 for the one minted by the retry. */
  attempt: number;
}

/** How the token API is called and read. The defaults are the v2 API (RFC 7523). */
export interface JackpotExchangeOptions {
  /** Path below `baseUrl`. Default "/v2/token". */
  path?: string;
  /**
   * The JSON body. Default `{grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
   * client_id: apiKey, assertion}`.
   */
  body?: (input: { assertion: string; apiKey: string }) => Record<string, unknown>;
  /** A header that carries `apiKey` (the v1 API), e.g. "X-Api-Key". Default none. */
  apiKeyHeader?: string;
  /** Field of the answer with the session token; dots reach into objects. Default "access_token". */
  tokenField?: string;
  /** Field with the lifetime in seconds. Default "expires_in". */
  expiresInField?: string;
  /** Field with the provider's error code on a 4xx. Default "error". */
  errorField?: string;
}

export interface JackpotOptions {
  /** Your Jackpot account API key (`client_id`). */
  apiKey: string;
  /** Your Jackpot API signature: the HS256 key of the initialization token. */
  apiSignature: string;
  /** Jackpot API base URL, e.g. https://api.jackpot.example */
  baseUrl: string;
  /** Largest amount, in major units. Default 10000. */
  maxAmount?: number;
  /** Deadline of the exchange, in ms. Default 5000. */
  timeoutMs?: number;
  /** Session lifetime assumed when the answer has no `expires_in`: seconds or "1h". Default "1h". */
  defaultExpiresIn?: number | string;
  /** The user's `cp`, `age`, `gender`; overrides what `identify()` returned. */
  profile?: (
    user: WidgetUser,
    req: Request,
  ) => JackpotProfile | null | undefined | Promise<JackpotProfile | null | undefined>;
  /** Record the notificationKey before the token leaves. A throw fails the request. */
  onIssued?: (issued: JackpotIssued) => void | Promise<void>;
  exchange?: JackpotExchangeOptions;
}

interface JackpotRequest {
  amount: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const CP = /^[A-Za-z0-9 -]{1,16}$/;
const MAX_SESSION_TOKEN = 8192;

/**
 * Jackpot voucher conversion: mint a one-time initialization token (HS256
 * with `apiSignature`; claims `amount, cp, age, gender?, userId, iat,
 * notificationKey`) and exchange it, server to server, for a session token
 * (OAuth 2.0 JWT-bearer grant, RFC 7523). An assertion is never sent twice:
 * the only retry follows a connection that failed before the request was
 * written, and it mints a new token.
 *
 * @example
 * widgetTokens({
 *   identify,
 *   providers: {
 *     jackpot: {
 *       apiKey: process.env.JACKPOT_API_KEY,
 *       apiSignature: process.env.JACKPOT_API_SIGNATURE,
 *       baseUrl: "https://api.jackpot.example",
 *       onIssued: ({ notificationKey, userId }) => db.conversions.insert({ notificationKey, userId }),
 *     },
 *   },
 * });
 */
export const jackpot: ProviderDefinition = {
  id: "jackpot",
  create(config, env) {
    const opt = (name: string) => `${env.option}.${name}`;
    const o = requireRecord(config, env.option);
    const apiKey = requireString(o.apiKey, opt("apiKey"));
    const key = hmacKey(o.apiSignature, opt("apiSignature"), env.logger);
    env.registerSecret(apiKey);
    env.registerSecret(o.apiSignature as string);
    const baseUrl = optionalUrl(o.baseUrl, opt("baseUrl"));
    if (baseUrl === undefined) {
      throw new WidgetTokensOptionError(opt("baseUrl"), "is required (an absolute http(s) URL)");
    }
    if (baseUrl.username || baseUrl.password) {
      throw new WidgetTokensOptionError(opt("baseUrl"), "must not carry credentials");
    }
    const maxAmount = optionalNumber(o.maxAmount, opt("maxAmount"), 10_000, { min: 0.01 });
    const timeoutMs = optionalNumber(o.timeoutMs, opt("timeoutMs"), 5000, {
      min: 1,
      max: 120_000,
      integer: true,
    });
    const defaultExpiresIn = parseDuration(o.defaultExpiresIn, opt("defaultExpiresIn"), 3600);
    const profileHook = optionalFunction<NonNullable<JackpotOptions["profile"]>>(
      o.profile,
      opt("profile"),
    );
    const onIssued = optionalFunction<NonNullable<JackpotOptions["onIssued"]>>(
      o.onIssued,
      opt("onIssued"),
    );
    const exchange = readExchange(o.exchange, opt("exchange"), apiKey);

    const sign = hs256Signer(key, { typ: "JWT" });
    const upstream = createUpstreamClient({ baseUrl, timeoutMs, name: "Jackpot" });

    /** One exchange of one fresh assertion. */
    async function exchangeOnce(claims: JackpotInitClaims): Promise<UpstreamResponse> {
      const assertion = sign(claims as unknown as Record<string, unknown>);
      return upstream.request({
        method: "POST",
        path: exchange.path,
        headers: exchange.headers,
        json: exchange.body({ assertion, apiKey }),
      });
    }

    const route = defineRoute<JackpotRequest>({
      method: "POST",
      path: TOKEN_ROUTES.jackpot,
      parse(body) {
        const amount = parseAmount(body.amount, { max: maxAmount });
        if (!amount.ok) throw invalidRequest("amount", `amount ${amount.reason}`);
        return { amount: amount.value };
      },
      async handle({ user, request, req, logger, now }) {
        const profile = await resolveProfile(user, req, profileHook);
        let response: UpstreamResponse | undefined;
        for (let attempt = 1; response === undefined; attempt++) {
          const claims: JackpotInitClaims = {
            amount: request.amount,
            cp: profile.cp,
            age: profile.age,
            ...(profile.gender === undefined ? {} : { gender: profile.gender }),
            userId: user.id,
            iat: Math.floor(now() / 1000),
            notificationKey: randomUUID(),
          };
          await onIssued?.({
            notificationKey: claims.notificationKey,
            userId: user.id,
            amount: claims.amount,
            user,
            attempt,
          });
          try {
            response = await exchangeOnce(claims);
          } catch (err) {
            // Retry only what never left: a connection that failed before the
            // request was written. The retry carries a new assertion.
            const unsent =
              err instanceof UpstreamTransportError &&
              err.code === "UPSTREAM_UNAVAILABLE" &&
              !err.sent;
            if (!unsent || attempt >= 2) throw err;
            logger.warn(
              "widget-tokens: Jackpot connection failed before the request was sent; retrying once with a new initialization token",
            );
          }
        }
        const { sessionToken, expiresIn } = readAnswer(response, exchange, defaultExpiresIn);
        const expiresAt = new Date(now() + expiresIn * 1000);
        const body: JackpotSessionTokenResponse = {
          sessionToken,
          expiresAt: expiresAt.toISOString(),
        };
        return { body, expiresAt };
      },
    });
    return {
      routes: [route],
      async close() {
        upstream.close();
      },
    };
  },
};

interface ResolvedExchange {
  path: string;
  headers: Record<string, string> | undefined;
  body: (input: { assertion: string; apiKey: string }) => Record<string, unknown>;
  tokenField: string[];
  expiresInField: string[];
  errorField: string[];
}

function readExchange(value: unknown, name: string, apiKey: string): ResolvedExchange {
  const o = value === undefined ? {} : requireRecord(value, name);
  const path = optionalString(o.path, `${name}.path`) ?? "/v2/token";
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(path)) {
    throw new WidgetTokensOptionError(`${name}.path`, 'must be a path starting with "/"');
  }
  const header = optionalString(o.apiKeyHeader, `${name}.apiKeyHeader`);
  if (header !== undefined && !HEADER_NAME.test(header)) {
    throw new WidgetTokensOptionError(`${name}.apiKeyHeader`, "must be an HTTP header name");
  }
  const body =
    optionalFunction<ResolvedExchange["body"]>(o.body, `${name}.body`) ??
    (({ assertion }) => ({ grant_type: JWT_BEARER_GRANT, client_id: apiKey, assertion }));
  const field = (key: string, fallback: string) => {
    const text = optionalString(o[key], `${name}.${key}`) ?? fallback;
    const parts = text.split(".");
    if (parts.some((p) => p.length === 0)) {
      throw new WidgetTokensOptionError(
        `${name}.${key}`,
        'must be a field name like "access_token" or "data.token"',
      );
    }
    return parts;
  };
  return {
    path,
    headers: header === undefined ? undefined : { [header]: apiKey },
    body,
    tokenField: field("tokenField", "access_token"),
    expiresInField: field("expiresInField", "expires_in"),
    errorField: field("errorField", "error"),
  };
}

function pick(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (!isRecord(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

/** Map the token API's answer to the outcome table; never echo its body. */
function readAnswer(
  res: UpstreamResponse,
  exchange: ResolvedExchange,
  defaultExpiresIn: number,
): { sessionToken: string; expiresIn: number } {
  if (res.status >= 400 && res.status < 500) {
    const code = pick(res.json, exchange.errorField);
    const upstreamCode = typeof code === "string" && SAFE_CODE.test(code) ? code : undefined;
    throw new WidgetTokensError(
      "UPSTREAM_REJECTED",
      `Jackpot refused the exchange (HTTP ${res.status}${upstreamCode ? `, ${upstreamCode}` : ""})`,
      { upstreamCode },
    );
  }
  if (res.status < 200 || res.status >= 300) {
    throw new WidgetTokensError("UPSTREAM_ERROR", `Jackpot answered HTTP ${res.status}`);
  }
  if (!isRecord(res.json)) {
    throw new WidgetTokensError("UPSTREAM_ERROR", "Jackpot answered without a JSON object");
  }
  const token = pick(res.json, exchange.tokenField);
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_SESSION_TOKEN) {
    throw new WidgetTokensError("UPSTREAM_ERROR", "Jackpot answered without a session token");
  }
  const raw = pick(res.json, exchange.expiresInField);
  let expiresIn = defaultExpiresIn;
  if (raw !== undefined && raw !== null) {
    const n = typeof raw === "string" && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 366 * 86_400) {
      throw new WidgetTokensError("UPSTREAM_ERROR", "Jackpot answered with an invalid expires_in");
    }
    expiresIn = n;
  }
  return { sessionToken: token, expiresIn };
}

/** cp, age, gender: the hook, else `identify()`'s fields, else the anonymous defaults. */
async function resolveProfile(
  user: WidgetUser,
  req: Request,
  hook: JackpotOptions["profile"],
): Promise<{ cp: string; age: number; gender?: string }> {
  const fromHook = hook ? await hook(user, req) : undefined;
  if (fromHook !== undefined && fromHook !== null && !isRecord(fromHook)) {
    throw badProfile("profile() must return an object or null");
  }
  const value = (field: keyof JackpotProfile) => fromHook?.[field] ?? user[field] ?? undefined;
  const cp = value("cp");
  const age = value("age");
  const gender = value("gender");
  if (cp !== undefined && (typeof cp !== "string" || !CP.test(cp))) {
    throw badProfile("cp must be a zip code string");
  }
  if (
    age !== undefined &&
    (typeof age !== "number" || !Number.isInteger(age) || age < 0 || age > 150)
  ) {
    throw badProfile("age must be an integer from 0 to 150");
  }
  if (gender !== undefined && (typeof gender !== "string" || !/^[A-Za-z_-]{1,16}$/.test(gender))) {
    throw badProfile("gender must be a short string");
  }
  return {
    cp: (cp as string | undefined) ?? JACKPOT_ANONYMOUS.cp,
    age: (age as number | undefined) ?? JACKPOT_ANONYMOUS.age,
    ...(gender === undefined ? {} : { gender: gender as string }),
  };
}

function badProfile(message: string): WidgetTokensError {
  return new WidgetTokensError("INTERNAL_ERROR", `Jackpot profile is invalid: ${message}`);
}
