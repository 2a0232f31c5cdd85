import { generateKeyPairSync, randomBytes } from "node:crypto";

/** One credential the demo reads from the environment. */
interface EnvSecret {
  name: string;
  /** Makes a random development value when the variable is unset. */
  generate: () => string;
}

const random = (bytes: number) => () => randomBytes(bytes).toString("base64url");

/**
 * Every environment variable the demo reads, documented in README and
 * .env.example. Providers add their entries here.
 *
 * @public e2e/fixtures.ts reads it from the demo's build.
 */
export const DEMO_SECRETS: readonly EnvSecret[] = [
  { name: "SESSION_SECRET", generate: random(32) },
  { name: "FLUZ_API_KEY", generate: () => `fluz_test_${randomBytes(8).toString("hex")}` },
  { name: "FLUZ_API_SECRET", generate: random(32) },
  // What Fluz (the sandbox) signs its webhooks with.
  { name: "FLUZ_NOTIFICATION_SECRET", generate: random(32) },
  { name: "IMPACT_ACCOUNT_SID", generate: () => `IR${randomBytes(16).toString("hex")}` },
  { name: "IMPACT_AUTH_TOKEN", generate: random(32) },
  { name: "IMPACT_TENANT_ALIAS", generate: () => `test_${randomBytes(6).toString("hex")}` },
  // What impact.com (the sandbox) signs its webhooks with.
  { name: "IMPACT_NOTIFICATION_SECRET", generate: random(32) },
  { name: "JACKPOT_API_KEY", generate: () => `jackpot_test_${randomBytes(8).toString("hex")}` },
  { name: "JACKPOT_API_SIGNATURE", generate: random(32) },
  // What Jackpot (the sandbox) signs its notifications with.
  { name: "JACKPOT_NOTIFICATION_SECRET", generate: random(32) },
  { name: "GR4VY_ID", generate: () => "northwind" },
  // A P-521 key pair made at start-up; set GR4VY_PRIVATE_KEY (PEM, a path, or PEM with \n escapes) to keep one.
  {
    name: "GR4VY_PRIVATE_KEY",
    generate: () =>
      generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }) as string,
  },
  {
    name: "MERCHANT_API_MERCHANT_ID",
    generate: () => `merchant_${randomBytes(4).toString("hex")}`,
  },
  {
    name: "MERCHANT_API_EMAIL",
    generate: () => `ops+${randomBytes(4).toString("hex")}@shop.example`,
  },
  { name: "MERCHANT_API_PASSWORD", generate: random(24) },
];

/** The sandbox's port when SANDBOX_PORT is unset: fixed, so its URLs stay the same across runs. */
const DEFAULT_SANDBOX_PORT = 3001;

export interface DemoConfig {
  port: number;
  sandboxPort: number;
  /** SANDBOX_PORT was not set: a busy default gives way to a free port. */
  sandboxPortFallback: boolean;
  secrets: Record<string, string>;
  /** Names that were generated (never their values). */
  generated: string[];
}

/** Read the environment; generate what is missing. */
export function readDemoConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const secrets: Record<string, string> = {};
  const generated: string[] = [];
  for (const { name, generate } of DEMO_SECRETS) {
    const value = env[name];
    if (value && value.length > 0) secrets[name] = value;
    else {
      secrets[name] = generate();
      generated.push(name);
    }
  }
  const port = Number(env.PORT ?? 3000);
  const sandboxPortFallback = !env.SANDBOX_PORT;
  const sandboxPort = Number(env.SANDBOX_PORT || DEFAULT_SANDBOX_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error("PORT must be a port number");
  if (!Number.isInteger(sandboxPort) || sandboxPort < 0 || sandboxPort > 65535) {
    throw new Error("SANDBOX_PORT must be a port number");
  }
  return { port, sandboxPort, sandboxPortFallback, secrets, generated };
}
