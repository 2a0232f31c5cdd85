import { once } from "node:events";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSandboxApp } from "../src/create-sandbox-app.js";
import { resolveSandboxProviders } from "../src/credentials/sandbox-credentials.js";
import { createSandboxHooks } from "../src/hooks.js";
import { type AnyStandIn, allStandIns } from "../src/stand-ins.js";
import { acmeStandIn } from "./fixtures/acme/stand-in.js";
import { send } from "./helpers/http.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOC = readFileSync(`${ROOT}docs/adding-a-provider.md`, "utf8");

/** The doc's "Files a new provider touches: N" section: N and its numbered list. */
function docFileList(): { stated: number; files: string[] } {
  const section = /^## Files a new provider touches: (\d+)\n([\s\S]*?)(?=^## )/m.exec(DOC);
  if (!section) throw new Error("docs/adding-a-provider.md has no file list section");
  const files = [...section[2]!.matchAll(/^\d+\. `([^`]+)`$/gm)].map((m) => m[1]!);
  return { stated: Number(section[1]), files };
}

describe("adding a provider, as docs/adding-a-provider.md says", () => {
  it("touches at most 20 files, the number the doc states, each one Fluz has", () => {
    const { stated, files } = docFileList();
    expect(files).toHaveLength(stated);
    expect(stated).toBeLessThanOrEqual(20);
    expect(new Set(files).size).toBe(files.length);
    const missing = files
      .map((file) => file.replace(/<id>/g, "fluz"))
      .filter((file) => !existsSync(`${ROOT}${file}`));
    expect(missing).toEqual([]);
  });

  it("the fixture provider has exactly the stand-in files the doc lists, and one registry line", () => {
    const standInFiles = docFileList()
      .files.filter((file) => file.startsWith("sandbox/src/<id>/"))
      .map((file) => file.slice("sandbox/src/<id>/".length))
      .sort();
    const fixture = readdirSync(fileURLToPath(new URL("./fixtures/acme/", import.meta.url))).sort();
    expect(fixture).toEqual(standInFiles);
    // The registry of the sandbox: one line per stand-in.
    const registry = readFileSync(`${ROOT}sandbox/src/stand-ins.ts`, "utf8");
    for (const standIn of allStandIns()) {
      expect(registry).toMatch(new RegExp(`^  ${standIn.id}: \\w+StandIn,$`, "m"));
    }
  });

  describe("a test-only fifth provider, registered next to the others", () => {
    const standIns: AnyStandIn[] = [...allStandIns(), acmeStandIn as unknown as AnyStandIn];
    const hooks = createSandboxHooks();
    const { options, credentials } = acmeStandIn.resolve({});
    const env = acmeStandIn.env.write(credentials);
    const config = acmeStandIn.tokens.readConfig(env, true);
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer();
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      server.on(
        "request",
        buildSandboxApp(
          standIns,
          { acme: options, ...resolveSandboxProviders(["fluz"]).options },
          url,
          hooks,
        ),
      );
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("is served by the sandbox app: a minted token is accepted over HTTP and inspected", async () => {
      const root = await send(`${url}/`);
      expect(root.json.providers).toEqual(["acme", "fluz"]);
      const minted = await acmeStandIn.tokens.mint.mint(config, { user: "qa-5", amount: 12.5 });
      const answer = await send(`${url}/acme/api/verify`, { token: minted.token });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ user: "qa-5", amount: 12.5 });
      const [received] = hooks.inspect.tokens({ kind: "acme-token" });
      expect(received).toMatchObject({
        provider: "acme",
        verdict: "valid",
        user: "qa-5",
        amount: 12.5,
        currency: "USD",
      });
    });

    it("refuses a token signed with another key, with the verdict the inspector shows", async () => {
      const forged = await new SignJWT({ sub: "qa-5", amount: 1, acmeKey: credentials.apiKey })
        .setProtectedHeader({ alg: "HS256" })
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode("another-secret-of-32-bytes-at-least!!"));
      const since = hooks.inspect.cursor();
      const answer = await send(`${url}/acme/api/verify`, { token: forged });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: "invalid_token" });
      expect(hooks.inspect.tokens({ since })).toMatchObject([
        { provider: "acme", verdict: "bad-signature", user: "qa-5" },
      ]);
    });

    it("its token tools judge offline what the stand-in judges", async () => {
      const minted = await acmeStandIn.tokens.mint.mint(config, { user: "qa-6", amount: 3 });
      await expect(
        acmeStandIn.tokens.judge(minted.token, config, Date.now()),
      ).resolves.toMatchObject({
        sub: "qa-6",
      });
      const later = Date.now() + 2 * 3600 * 1000;
      await expect(acmeStandIn.tokens.judge(minted.token, config, later)).rejects.toMatchObject({
        detail: { verdict: "expired" },
      });
      expect(acmeStandIn.recognize({}, minted.claims)).toBe("Acme token");
    });
  });
});
