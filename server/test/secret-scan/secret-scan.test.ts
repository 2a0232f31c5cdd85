/**
 * The secret scan can fail. Each test here leaks on purpose, but into a
 * private record folder (RECORD_DIR_ENV pointed elsewhere for the test), so
 * the run's own scan never sees these leaks; the same recorder (setup.ts)
 * and the same scan (find-leaks.ts) must catch them.
 *
 * Manual check of the whole chain, global teardown included:
 *   WIDGET_TOKENS_SECRET_SCAN_SELF_CHECK=1 npx vitest run server/test/secret-scan
 * runs one more test that leaks into the run's real records: the run must
 * then fail with "Secret scan: 1 configured secret(s) were written out: - a
 * HMAC secret (configured in server/test/secret-scan/secret-scan.test.ts)
 * appeared in the console.log …", and the secret itself is printed nowhere.
 */
import { createPrivateKey, createSecretKey, generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMerchantApiClient } from "../../src/index.js";
import { MERCHANT, startMerchantSandbox } from "../helpers/merchant-api.js";
import { describeLeaks, findLeaks, readRecords } from "./find-leaks.js";
import { RECORD_DIR_ENV, flushRecords } from "./records.js";

const SECRET = "deliberately-leaked-secret-0123456789abcdef";

describe("findLeaks", () => {
  it("finds a secret, also base64-encoded, and says where without saying what", () => {
    const leaks = findLeaks(
      [
        { type: "log", where: "console.log", file: "a.test.ts", text: `oops ${SECRET}` },
        {
          type: "response",
          where: "response to GET /x (200)",
          file: "b.test.ts",
          text: Buffer.from(SECRET).toString("base64url"),
        },
        { type: "log", where: "console.info", file: "a.test.ts", text: "nothing to see" },
      ],
      [{ kind: "HMAC secret", value: SECRET, file: "c.test.ts" }],
    );
    expect(leaks).toEqual([
      { kind: "HMAC secret", configuredIn: "c.test.ts", where: "console.log", file: "a.test.ts" },
      {
        kind: "HMAC secret",
        configuredIn: "c.test.ts",
        where: "response to GET /x (200)",
        file: "b.test.ts",
      },
    ]);
    const message = describeLeaks(leaks);
    expect(message).toContain(
      "a HMAC secret (configured in c.test.ts) appeared in the console.log",
    );
    expect(message).not.toContain(SECRET);
  });

  it("ignores values too short to be told from chance", () => {
    expect(
      findLeaks(
        [{ type: "log", where: "console.log", file: "a", text: "abc" }],
        [{ kind: "x", value: "abc", file: "a" }],
      ),
    ).toEqual([]);
  });
});

describe("the recorder, into a private folder", () => {
  let dir: string;
  let runDir: string | undefined;

  beforeEach(() => {
    runDir = process.env[RECORD_DIR_ENV];
    dir = mkdtempSync(join(tmpdir(), "secret-scan-self-test-"));
    process.env[RECORD_DIR_ENV] = dir;
  });
  afterEach(() => {
    flushRecords();
    if (runDir === undefined) delete process.env[RECORD_DIR_ENV];
    else process.env[RECORD_DIR_ENV] = runDir;
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!process.env[RECORD_DIR_ENV])(
    "catches an HMAC secret and a PEM line in a response body, a header and a console line",
    async () => {
      createSecretKey(Buffer.from(SECRET));
      const pem = generateKeyPairSync("ec", { namedCurve: "P-256" })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
      createPrivateKey(pem);
      const pemLine = pem.split("\n")[1]!;
      const server = createServer((_req, res) => {
        res.setHeader("X-Debug", SECRET);
        res.end(`{"key":"${pemLine}"}`);
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/leak`);
      server.close();
      console.log(`configured with ${SECRET}`);

      flushRecords();
      const { outputs, secrets } = readRecords(dir);
      const leaks = findLeaks(outputs, secrets);
      expect(leaks.map((l) => `${l.kind} @ ${l.where}`).sort()).toEqual([
        "HMAC secret @ console.log",
        "HMAC secret @ response to GET /leak (200)",
        "PEM line of a private key @ response to GET /leak (200)",
      ]);
    },
  );

  it.skipIf(!process.env[RECORD_DIR_ENV])(
    "learns the merchant-API password and the upstream tokens from the stand-in's traffic",
    async () => {
      const sandbox = await startMerchantSandbox();
      const client = createMerchantApiClient({
        baseUrl: sandbox.baseUrl,
        merchantId: MERCHANT.merchantId,
        email: MERCHANT.email,
        password: MERCHANT.password,
      });
      try {
        await client.request("POST", "/v2/customer/create", {
          firstName: "Ada",
          lastName: "Lovelace",
          email: "ada@example.com",
        });
      } finally {
        await client.close();
        await sandbox.close();
      }
      flushRecords();
      const { outputs, secrets } = readRecords(dir);
      expect(new Set(secrets.map((s) => s.kind))).toEqual(
        new Set(["merchant-API password", "upstream access token", "upstream refresh token"]),
      );
      expect(secrets.find((s) => s.kind === "merchant-API password")?.value).toBe(
        MERCHANT.password,
      );
      // The login answer (which carries the tokens) is a source, not scanned; the rest is clean.
      expect(outputs.some((o) => o.where.includes("/v2/auth/login"))).toBe(false);
      expect(outputs.some((o) => o.where.includes("/v2/customer/create"))).toBe(true);
      expect(findLeaks(outputs, secrets)).toEqual([]);
      // ...and were one of them echoed, it would be caught.
      const access = secrets.find((s) => s.kind === "upstream access token")!;
      expect(
        findLeaks(
          [{ type: "log", where: "console.warn", file: "x", text: `Bearer ${access.value}` }],
          secrets,
        ),
      ).toHaveLength(1);
    },
  );
});

describe.runIf(process.env.WIDGET_TOKENS_SECRET_SCAN_SELF_CHECK)("the whole chain (manual)", () => {
  it("leaks into the run's own records: the run must fail at teardown", () => {
    createSecretKey(Buffer.from(SECRET));
    console.log(`configured with ${SECRET}`);
  });
});
