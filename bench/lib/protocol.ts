// What bench/run.ts and a server process (bench/server.ts) say to each other over IPC.
import type { SandboxCredentials } from "@widget-tokens/sandbox";

/** Every provider's credentials, as the sandbox generated them. */
export type BenchCredentials = Required<SandboxCredentials> & {
  gr4vy: { gr4vyId: string; publicKey: string; privateKey: string };
  merchantApi: { merchantId: string; email: string; password: string; apiKey: string };
};

export type ServerConfig =
  | { kind: "bare-http" }
  | {
      kind: "bare-express";
      /** Also a minimal forwarder at `/forward/…` to this origin (node:http, keep-alive). */
      forwardTo?: string;
    }
  | { kind: "sandbox"; credentials: BenchCredentials }
  | {
      /** `/hs256` (what Fluz signs) and `/es512` (signed by `strategy`), bare Express. */
      kind: "es512-lab";
      strategy: Es512Strategy;
      privateKey: string;
    }
  | {
      kind: "tokens";
      credentials: BenchCredentials;
      sandboxUrl: string;
      /** Absent: the memory store. */
      redisUrl?: string;
    };

export type ServerRequest =
  | { type: "config"; config: ServerConfig }
  | { type: "reset-delay" }
  | { type: "stats"; gc?: boolean };

export type ServerReply =
  | { type: "ready"; port: number }
  | { type: "ok" }
  | {
      type: "stats";
      rssBytes: number;
      /** CPU time the process has used (user + system), µs: per request, it holds up on a busy machine. */
      cpuMicros: number;
      /** Event-loop delay since the last reset, ms. */
      loopDelay: { p50: number; p99: number; max: number };
    };

/** How the ES512 lab signs: the candidates of the worker-pool decision. */
export type Es512Strategy = "route" | "jose-webcrypto" | "libuv" | "pool";
