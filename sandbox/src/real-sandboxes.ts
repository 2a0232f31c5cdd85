import { SANDBOX_PROVIDERS, type SandboxProviderId, parseProviderId } from "./provider-ids.js";

/** The switch that runs the same specs against providers' own test environments: `gr4vy,impact`, or `all`. */
export const REAL_SANDBOXES_ENV = "WIDGET_TOKENS_REAL_SANDBOXES";

/** Where a provider's own test environment is, as your app under test is pointed at it. */
export interface RealSandbox {
  provider: SandboxProviderId;
  /** What the provider calls it. */
  name: string;
  /** Its URLs: the ones your app (server and page) uses instead of `SANDBOX_URL`'s. */
  urls: Readonly<Record<string, string>>;
}

/** How each provider with a test environment of its own is reached, from your app's variables. */
const ENVIRONMENTS: Partial<
  Record<SandboxProviderId, { name: string; urls(env: Env): Record<string, string> }>
> = {
  gr4vy: {
    name: "Gr4vy's sandbox environment",
    urls: (env) => {
      const id = need(env, "gr4vy", "GR4VY_ID");
      return {
        api: `https://api.sandbox.${id}.gr4vy.app`,
        embedScript: `https://cdn.${id}.gr4vy.app/gr4vy-embed.js`,
        environment: "sandbox",
      };
    },
  },
  impact: {
    name: "an impact.com test tenant",
    urls: (env) => {
      const tenant = need(env, "impact", "IMPACT_TENANT_ALIAS");
      if (!tenant.startsWith("test_")) {
        throw new TypeError(
          `${REAL_SANDBOXES_ENV} names impact, but IMPACT_TENANT_ALIAS ${JSON.stringify(tenant)} is a live tenant: use your test tenant (its alias starts with test_)`,
        );
      }
      return {
        squatchJs: "https://fast.ssqt.io/squatch-js@2",
        domain: "https://app.referralsaasquatch.com",
      };
    },
  },
  merchantApi: {
    name: "the merchant API's test environment",
    urls: (env) => ({ api: need(env, "merchantApi", "MERCHANT_API_URL") }),
  },
};

type Env = Readonly<Record<string, string | undefined>>;

function need(env: Env, provider: SandboxProviderId, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new TypeError(
      `${REAL_SANDBOXES_ENV} names ${provider}, whose test environment needs ${name}: set it to your test account's`,
    );
  }
  return value;
}

/** The providers whose own test environment the switch can select. */
export const REAL_SANDBOX_PROVIDERS = SANDBOX_PROVIDERS.filter((id) => ENVIRONMENTS[id]);

/**
 * The providers `WIDGET_TOKENS_REAL_SANDBOXES` sends to their own test
 * environment, with its URLs; every other provider stays on the sandbox's
 * stand-in. Empty when the switch is unset. Throws a `TypeError` naming the
 * variable for a provider it does not know, one without a test environment
 * of its own (Fluz, Jackpot), or a variable that environment needs.
 *
 * @example
 * realSandboxes({ WIDGET_TOKENS_REAL_SANDBOXES: "gr4vy", GR4VY_ID: "acme" }).get("gr4vy")?.urls.api;
 * // "https://api.sandbox.acme.gr4vy.app"
 */
export function realSandboxes(env: Env = process.env): Map<SandboxProviderId, RealSandbox> {
  const selected = new Map<SandboxProviderId, RealSandbox>();
  const raw = env[REAL_SANDBOXES_ENV]?.trim();
  if (!raw) return selected;
  const names =
    raw === "all"
      ? REAL_SANDBOX_PROVIDERS
      : raw.split(",").map((name) => {
          const id = parseProviderId(name.trim());
          if (!id) {
            throw new TypeError(
              `${REAL_SANDBOXES_ENV}: no provider ${JSON.stringify(name.trim())} (one of ${REAL_SANDBOX_PROVIDERS.join(", ")}, or all)`,
            );
          }
          return id;
        });
  for (const id of names) {
    const environment = ENVIRONMENTS[id];
    if (!environment) {
      throw new TypeError(
        `${REAL_SANDBOXES_ENV} names ${id}, which has no test environment of its own that widget-tokens knows: its specs run against the sandbox's stand-in (those with one: ${REAL_SANDBOX_PROVIDERS.join(", ")})`,
      );
    }
    selected.set(id, { provider: id, name: environment.name, urls: environment.urls(env) });
  }
  return selected;
}
