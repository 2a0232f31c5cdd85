import { randomBytes } from "node:crypto";

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
 */
export const DEMO_SECRETS: readonly EnvSecret[] = [
  { name: "SESSION_SECRET", generate: random(32) },
  { name: "FLUZ_API_KEY", generate: () => `fluz_test_${randomBytes(8).toString("hex")}` },
  { name: "FLUZ_API_SECRET", generate: random(32) },
];

export interface DemoConfig {
  port: number;
  sandboxPort: number;
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
  const sandboxPort = Number(env.SANDBOX_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error("PORT must be a port number");
  if (!Number.isInteger(sandboxPort) || sandboxPort < 0 || sandboxPort > 65535) {
    throw new Error("SANDBOX_PORT must be a port number");
  }
  return { port, sandboxPort, secrets, generated };
}
