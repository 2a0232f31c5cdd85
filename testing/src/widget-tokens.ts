import {
  type ReceivedToken,
  SANDBOX_PROVIDERS,
  SANDBOX_PROVIDER_INFO,
  type SandboxProviderId,
  type TokenFilter,
  parseProviderId,
} from "@widget-tokens/sandbox";
import { DEFAULT_TOKEN_KINDS, type ProviderClaims } from "./claims.js";
import type { SandboxClient } from "./sandbox-client.js";
import { WidgetTokenError } from "./widget-token-error.js";

/** How long `received` and `record` wait by default, in ms. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/** Which token `received` and `record` wait for. */
export interface TokenWaitOptions {
  /**
   * The kind of token (see `ReceivedToken.kind`): default the provider's
   * widget token, `patToken`, `user-jwt`, `embed` (Gr4vy's API tokens are
   * `api`), `assertion`, `access`.
   */
  kind?: string | undefined;
  /**
   * Only a token for this user (Fluz `externalId`, impact.com `user.id`,
   * Gr4vy buyer, Jackpot `userId`; merchant API: the customer's email of an
   * API call, the merchant's of a login or refresh). Tokens your app's
   * server sends (Jackpot, merchant API) carry no test scope: name the user
   * to tell them apart, or the call rejects with `USER_REQUIRED` rather
   * than take another test's token.
   */
  user?: string | undefined;
  /** Give up after this many ms. Default: the `widgetTokenTimeout` option (10 000). */
  timeout?: number | undefined;
}

/**
 * What a provider's stand-in received during the current test. Each call of
 * `received` or `record` takes the next token: the first call the first one
 * the provider received after the test started, the second call the one
 * after it, whether it already arrived or is still to come.
 *
 * Tokens that carried another test's `X-Sandbox-Scope` are skipped; tokens
 * without one (sent by your app's server) count.
 *
 * @example
 * await page.getByRole("button", { name: "Withdraw" }).click();
 * const claims = await widgetTokens.received("fluz");
 * expect(claims).toMatchObject({ amount: 20, transactionType: "WITHDRAW" });
 */
export interface WidgetTokens {
  /**
   * The verified claims of the next token `provider` received. Rejects with
   * a `WidgetTokenError` when its verdict is not `valid` (the message gives
   * the verdict and the reason) or when none arrives in time.
   */
  received<P extends SandboxProviderId>(
    provider: P,
    options?: TokenWaitOptions,
  ): Promise<ProviderClaims[P]>;
  /**
   * The whole record of the next token `provider` received, whatever its
   * verdict: header, claims, verdict, reason, user, amount, expiry, scope.
   * Rejects with a `WidgetTokenError` `TIMEOUT` when none arrives in time.
   */
  record(provider: SandboxProviderId, options?: TokenWaitOptions): Promise<ReceivedToken>;
  /** Every token received since the test started (this test's or unscoped), oldest first. */
  all(filter?: Omit<TokenFilter, "since" | "scope">): Promise<ReceivedToken[]>;
  /** The inspection cursor when the test started: tokens with a higher `id` are the test's. */
  readonly since: number;
  /** The test's `X-Sandbox-Scope`. */
  readonly scope: string;
}

export interface WidgetTokensInput {
  sandbox: SandboxClient;
  /** The test's `X-Sandbox-Scope`. */
  scope: string;
  /** The cursor taken when the test started. */
  since: number;
  /** Default wait in ms. */
  timeout?: number | undefined;
}

const isTimeout = (err: unknown) => (err as { code?: unknown } | null)?.code === "INSPECT_TIMEOUT";

/** One token in a message: what it is, its verdict (with the reason when refused), user and scope. */
const describeToken = (t: ReceivedToken) =>
  `${t.provider} ${t.kind} #${t.id} (verdict ${t.verdict}${t.verdict === "valid" || !t.reason ? "" : `: ${t.reason}`}${t.user ? `, user ${t.user}` : ""}${t.scope ? `, scope ${t.scope}` : ""})`;

/**
 * The `widgetTokens` helpers of one test (the fixture builds them).
 *
 * @example
 * const tokens = createWidgetTokens({ sandbox, scope: "t1", since: await sandbox.inspect.cursor() });
 * const claims = await tokens.received("fluz");
 */
export function createWidgetTokens(input: WidgetTokensInput): WidgetTokens {
  const { sandbox, scope, since } = input;
  const defaultTimeout = input.timeout ?? DEFAULT_TOKEN_TIMEOUT_MS;
  /** Per provider, kind and user: the id of the last token handed out. */
  const taken = new Map<string, number>();
  const ours = (t: ReceivedToken) => t.scope === null || t.scope === scope;

  const providerOf = (value: unknown, call: string): SandboxProviderId => {
    const id = parseProviderId(value);
    if (!id) {
      throw new TypeError(
        `widgetTokens.${call}(${JSON.stringify(value)}): the provider is one of ${SANDBOX_PROVIDERS.join(", ")}`,
      );
    }
    return id;
  };

  const next = async (
    provider: SandboxProviderId,
    options: TokenWaitOptions,
    call: string,
  ): Promise<ReceivedToken> => {
    const kind = options.kind ?? DEFAULT_TOKEN_KINDS[provider];
    const user = options.user;
    const timeout = options.timeout ?? defaultTimeout;
    const key = JSON.stringify([provider, kind, user ?? null]);
    const start = taken.get(key) ?? since;
    const deadline = Date.now() + timeout;
    let after = start;
    for (;;) {
      const left = deadline - Date.now();
      let token: ReceivedToken | undefined;
      if (left > 0) {
        try {
          token = await sandbox.inspect.waitFor({
            provider,
            kind,
            user,
            since: after,
            timeoutMs: left,
          });
        } catch (err) {
          if (!isTimeout(err)) throw err;
        }
      }
      if (!token) {
        const seen = (await sandbox.inspect.tokens({ since: start }).catch(() => [])).filter(ours);
        const who = user === undefined ? "" : ` for user ${JSON.stringify(user)}`;
        const from =
          start === since ? "since the test started" : `after token #${start}, the last one taken`;
        const meanwhile =
          seen.length === 0
            ? `The sandbox received no token of this test meanwhile: does the app under test use the sandbox at ${sandbox.url}?`
            : `Meanwhile it received: ${seen.slice(-5).map(describeToken).join("; ")}.`;
        throw new WidgetTokenError(
          "TIMEOUT",
          `${call}: no ${SANDBOX_PROVIDER_INFO[provider].name} ${kind} token${who} reached the sandbox within ${timeout} ms (${from}). ${meanwhile} Inspection page: ${sandbox.inspectUrl}`,
        );
      }
      after = token.id;
      if (ours(token)) {
        if (user === undefined && token.scope === null) {
          // Without a user, a token no test scope marks could be any test's.
          throw new WidgetTokenError(
            "USER_REQUIRED",
            `${call}: the next ${SANDBOX_PROVIDER_INFO[provider].name} ${kind} token (#${token.id}${token.user ? `, user ${token.user}` : ""}) came from your app's server, so it carries no test scope and could belong to any test running at the same time. ` +
              `Name the test's user (the one the token was minted for): ${call.replace(/\)$/, "")}, { user: "…" }).`,
            token,
          );
        }
        taken.set(key, token.id);
        return token;
      }
    }
  };

  return {
    since,
    scope,
    async received(provider, options = {}) {
      const id = providerOf(provider, "received");
      const call = `widgetTokens.received(${JSON.stringify(provider)})`;
      const token = await next(id, options, call);
      if (token.verdict !== "valid") {
        throw new WidgetTokenError(
          "REFUSED",
          `${call}: the ${SANDBOX_PROVIDER_INFO[id].name} stand-in refused the ${token.kind} token it received: verdict "${token.verdict}": ${token.reason}. ` +
            `Token #${token.id} at ${token.route}${token.user ? `, user ${token.user}` : ""}. ` +
            `widgetTokens.record(${JSON.stringify(provider)}) returns a refused token's record.`,
          token,
        );
      }
      return (token.claims ?? {}) as unknown as ProviderClaims[typeof provider];
    },
    async record(provider, options = {}) {
      const id = providerOf(provider, "record");
      return next(id, options, `widgetTokens.record(${JSON.stringify(provider)})`);
    },
    async all(filter = {}) {
      return (await sandbox.inspect.tokens({ ...filter, since })).filter(ours);
    },
  };
}
