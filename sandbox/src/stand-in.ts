import type { FluzTransactionType } from "@widget-tokens/shared";
import type { Router } from "express";
import type { SandboxHooks } from "./hooks.js";
import type { ReceivedToken } from "./inspect/received-token.js";

/** The fields of a received token a person scans for. */
export type TokenSummary = Pick<ReceivedToken, "user" | "amount" | "currency" | "expiresAt">;

/** Who, how much and until when, read from a token's (possibly unverified) claims. */
export type Summarize = (claims: Record<string, unknown> | null) => TokenSummary;

/** What `mint` puts in a token; each provider takes the fields it has claims for. */
export interface MintRequest {
  /** The user: Fluz `externalId`, impact.com `user.id`, Gr4vy `buyer_external_identifier`, Jackpot `userId`. */
  user: string;
  /** Fluz and Jackpot: dollars and cents (50, 12.5). Gr4vy: minor units (1299). */
  amount?: number;
  /** Fluz: DEPOSIT (default) or WITHDRAW. */
  transactionType?: FluzTransactionType;
  /** Gr4vy: ISO 4217 (default USD). */
  currency?: string;
  /** Lifetime in seconds (negative: already expired). Defaults: Fluz 1 d, impact.com and Gr4vy 1 h. */
  expiresIn?: number;
  /** impact.com `user` fields besides `id`. */
  accountId?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  /** Seconds since the epoch to mint at. Default: now. */
  now?: number;
}

/** A minted token and what is in it. */
export interface Minted {
  token: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The `mint` command's options a provider may take (besides `--user`, always required). */
export type MintOption =
  | "amount"
  | "type"
  | "currency"
  | "expires-in"
  | "account-id"
  | "email"
  | "first-name"
  | "last-name"
  | "locale"
  | "exchange";

/**
 * What the CLI's `verify` and `mint` do with a provider's tokens, offline,
 * from the merchant's configuration (the demo's environment variables).
 */
export interface StandInTokenTools<Config> {
  /** The variables `verify` reads, for its help: "FLUZ_API_KEY, FLUZ_API_SECRET". */
  verifyEnv: string;
  /**
   * The configuration, from the environment. Throws `CliError`
   * `MISSING_ENV` / `INVALID_ENV` naming the variable. `forMinting`: what
   * signing needs (Gr4vy's private key), not only checking.
   */
  readConfig(env: NodeJS.ProcessEnv, forMinting: boolean): Config;
  /**
   * Check a token with the stand-in's own verifier (throws its
   * `TokenRejection`), minus what needs the sandbox's memory (one-time use).
   */
  judge(token: string, config: Config, now: number): Promise<unknown>;
  mint: {
    /** The `mint` help's line: "--amount DOLLARS (50, 12.50) [--type DEPOSIT|WITHDRAW]…". */
    help: string;
    /** The options it takes. */
    options: readonly MintOption[];
    /** `--amount`: required in dollars and cents, in minor units, or not taken. */
    amount: "dollars" | "minor-units" | "none";
    mint(config: Config, request: MintRequest): Promise<Minted>;
    /**
     * `--exchange BASE_URL`: trade the minted token at the provider for
     * what the widget is given; `token` is then printed instead.
     */
    exchange?(
      base: string,
      config: Config,
      minted: Minted,
    ): Promise<{ token: string; json: Record<string, unknown> }>;
  };
}

/**
 * One provider's stand-in, everything the generic modules (the app, the
 * credentials, the inspector, the CLI) need of it. Each lives in
 * `sandbox/src/<id>/stand-in.ts`; `stand-ins.ts` lists them.
 *
 * - `Options`: what its router takes; `Given`: what a caller may pass for
 *   it (the rest generated); `Credentials`: what the merchant's app is
 *   configured with; `Config`: what the CLI reads from the environment.
 */
export interface SandboxStandIn<Id extends string, Options, Given, Credentials, Config = never> {
  id: Id;
  /** How people read its name: "Fluz", "impact.com". */
  name: string;
  /** The kind of token its widget carries (`ReceivedToken.kind`): what the fixtures wait for. */
  tokenKind: string;
  /**
   * Where its widget lives on the merchant's page, as its widget script
   * builds it (a Playwright selector; it pierces open shadow roots), or
   * null when it has no widget.
   */
  widgetFrame: string | null;
  /** Complete its options from what was given, generating every credential not given. */
  resolve(given: Given): { options: Options; credentials: Credentials };
  /** Its routes, to mount at the root of an app served at `origin`. */
  router(options: Options, origin: string, hooks: SandboxHooks): Router;
  /** Its credentials as the demo's environment variables. */
  env: {
    /** The variables that hold secrets: printed only when asked for. */
    secrets: readonly string[];
    /** The credentials as variables. */
    write(credentials: Credentials): Record<string, string>;
    /** The credentials some variable sets (`get` answers undefined for unset or empty). */
    read(get: (name: string) => string | undefined): {
      [K in keyof Credentials]?: Credentials[K] | undefined;
    };
  };
  summarize: Summarize;
  /** What `decode` calls a token with this provider's claim set, or null when it is not one. */
  recognize(header: Record<string, unknown>, claims: Record<string, unknown>): string | null;
  /**
   * The CLI's `verify` and `mint`; a string when there is nothing to check or
   * sign with the merchant's configuration (the reason `verify` prints).
   */
  tokens: StandInTokenTools<Config> | string;
}
