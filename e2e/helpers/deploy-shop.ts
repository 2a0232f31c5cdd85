import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { type Server, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { widgetTokens } from "@widget-tokens/server";
import express from "express";
import { build } from "vite";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Build the client's drop-in into a new temporary folder, as `npm run
 * build` does, with `/*! widget-tokens build <id> *\/` on top of every file:
 * two ids give two real builds whose chunks have other hashes. Returns the
 * bootstrap's path (`loader.iife.js`, its `chunks/` beside it).
 */
export async function buildDropIn(id: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `wt-drop-in-${id}-`));
  await build({
    configFile: join(ROOT, "vite.config.ts"),
    root: join(ROOT, "client"),
    mode: "drop-in",
    logLevel: "warn",
    build: {
      outDir,
      rolldownOptions: { output: { postBanner: `/*! widget-tokens build ${id} */` } },
    },
  });
  return join(outDir, "loader.iife.js");
}

/** One running shop instance or proxy. */
export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const listen = async (server: Server, port: number): Promise<Running> => {
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
};

/**
 * A shop instance serving the drop-in build at `loaderPath` (default the
 * client's own build): its page `/` (a Fluz button; the page may add a
 * Jackpot one later; `/?providers=jackpot` has its loader tag ask for
 * `loader.js?providers=jackpot`, and a Jackpot button instead) and the middleware at `/widget-tokens`, with Fluz and
 * Jackpot on the sandbox. Everyone is signed in as one shopper (`user`;
 * `null`: nobody is); no rate limit (a test clicks fast). `fluzExpiresIn`
 * is the patToken's lifetime (`providers.fluz.expiresIn`).
 */
export async function startShop(settings: {
  loaderPath?: string;
  sandboxUrl: string;
  secrets: Record<string, string>;
  port?: number;
  user?: string | null;
  fluzExpiresIn?: string;
}): Promise<Running> {
  const { sandboxUrl, secrets } = settings;
  const app = express();
  app.use(
    "/widget-tokens",
    widgetTokens({
      identify: () => {
        const id = settings.user === undefined ? "cust_deploy" : settings.user;
        return id === null ? null : { id };
      },
      providers: {
        fluz: {
          apiKey: secrets.FLUZ_API_KEY!,
          apiSecret: secrets.FLUZ_API_SECRET!,
          ...(settings.fluzExpiresIn ? { expiresIn: settings.fluzExpiresIn } : {}),
        },
        jackpot: {
          apiKey: secrets.JACKPOT_API_KEY!,
          apiSignature: secrets.JACKPOT_API_SIGNATURE!,
          baseUrl: `${sandboxUrl}/jackpot`,
        },
      },
      rateLimit: { perUser: false, perIp: false },
      ...(settings.loaderPath ? { loader: { path: settings.loaderPath } } : {}),
    }),
  );
  app.get("/", (req, res) => {
    // `/?providers=fluz` → the page's tag asks for `loader.js?providers=fluz` (the bootstrap and Fluz's chunk in one file).
    const providers = String(req.query.providers ?? "");
    const query = /^[a-z\d,]+$/.test(providers) ? `?providers=${providers}` : "";
    // Its buttons: Fluz's, or Jackpot's alone when the page asks for Jackpot alone.
    const button =
      providers === "jackpot"
        ? `<button data-widget="jackpot" data-amount="10">Convert $10</button>`
        : `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit $5</button>`;
    res.type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deploy</title></head>
<body><main><h1>Quick transfer</h1><div id="buttons">
${button}
</div></main>
<script src="/widget-tokens/loader.js${query}" data-fluz-script-url="${sandboxUrl}/fluz/widget.js"
  data-jackpot-iframe-url="${sandboxUrl}/jackpot/widget" defer></script>
</body></html>`);
  });
  return listen(createServer(app), settings.port ?? 0);
}

/**
 * A balancer in front of `ports`: each request goes to the next one in turn
 * (strict round-robin, a new upstream connection each), as a rolling deploy
 * with two instances on two builds sends one page's requests.
 */
export function roundRobin(ports: readonly number[]): Promise<Running> {
  let turn = 0;
  const server = createServer((req, res) => {
    const port = ports[turn++ % ports.length];
    const upstream = request(
      {
        host: "127.0.0.1",
        port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return listen(server, 0);
}
