import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { redisStore } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { type TestRedis, startRedisServer } from "./helpers/redis-server.js";

/**
 * Idempotency records that replay a token keep it sealed (AES-256-GCM), or
 * keep no token at all (Fluz: a reference its HS256 token is signed again
 * from): a dump of Redis shows no usable token, while any instance with the
 * secret replays it; rotation by listing the new secret first. The Fluz
 * reference record is written short, and the long form earlier versions
 * wrote is still read.
 */

let redis: TestRedis;
let raw: Redis;
const apps: TestApp[] = [];
const fluz = { apiKey: "fluz-key-1", apiSecret: TEST_SECRET };
const impact = { accountSid: "AC-seal", authToken: TEST_SECRET, tenantAlias: "test_seal" };
const body = { amount: "25.00", transactionType: "DEPOSIT" };
const S1 = "sealing-secret-one-0123456789abcdef-0123456789";
const S2 = "sealing-secret-two-0123456789abcdef-0123456789";

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.close();
});

async function app(prefix: string, sealingSecrets?: string[]): Promise<TestApp> {
  const store = redisStore({ url: redis.url }, { prefix });
  const a = await startTestApp({
    providers: { fluz, impact },
    store,
    ...(sealingSecrets ? { sealingSecrets } : {}),
  });
  apps.push({ ...a, close: () => a.close().then(() => store.close()) });
  return a;
}

/** Every value under `prefix`, as Redis would hand it to whoever can read the dump. */
async function dump(prefix: string): Promise<string> {
  const keys = await raw.keys(`${prefix}*`);
  const values = await Promise.all(keys.map((k) => raw.get(k)));
  return JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, values[i]])));
}

describe("tokens sealed at rest", () => {
  it("a dump of Redis shows no usable token; a retry still replays it", async () => {
    const prefix = `seal-${randomUUID()}:`;
    const shop = await app(prefix);
    const key = { "Idempotency-Key": "order-1" };
    const first = await shop.post("/fluz/pat-token", body, key);
    expect(first.status).toBe(201);
    const { token } = (await first.json()) as { token: string };

    const everything = await dump(prefix);
    expect(everything).toContain("idem:");
    expect(everything).not.toContain(token);
    // No JWT at all: not the token, not any of its three parts.
    expect(everything).not.toMatch(/eyJ/);
    for (const part of token.split(".")) expect(everything).not.toContain(part);

    const retry = await shop.post("/fluz/pat-token", body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { token: string }).token).toBe(token);
  });

  it("an impact.com answer is sealed: no JWT in the dump, and the retry replays it", async () => {
    const prefix = `seal-impact-${randomUUID()}:`;
    const shop = await app(prefix);
    const key = { "Idempotency-Key": "profile-1" };
    const first = await shop.post("/impact/user-token", {}, key);
    expect(first.status).toBe(201);
    const { token } = (await first.json()) as { token: string };
    const everything = await dump(prefix);
    expect(everything).toMatch(/"d\.[\w-]{22}\.201\.s\.v1\./);
    expect(everything).not.toMatch(/eyJ/);
    for (const part of token.split(".")) expect(everything).not.toContain(part);
    const retry = await shop.post("/impact/user-token", {}, key);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { token: string }).token).toBe(token);
  });

  it("rotates: the new secret first still opens the old one's records; without it, 422", async () => {
    const prefix = `rotate-${randomUUID()}:`;
    const before = await app(prefix, [S1]);
    const key = { "Idempotency-Key": "order-2" };
    const first = await before.post("/impact/user-token", {}, key);
    const { token } = (await first.json()) as { token: string };

    const rotating = await app(prefix, [S2, S1]);
    const replay = await rotating.post("/impact/user-token", {}, key);
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as { token: string }).token).toBe(token);

    const after = await app(prefix, [S2]);
    const refused = await after.post("/impact/user-token", {}, key);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );
  });

  it("refuses a short or empty sealingSecrets at start-up, naming the option", async () => {
    await expect(app("x:", ["short"])).rejects.toThrow(/sealingSecrets/);
    await expect(app("x:", [])).rejects.toThrow(/sealingSecrets/);
  });

  it("a Fluz replay record is written short; the long form of earlier versions still replays and refuses", async () => {
    const prefix = `forms-${randomUUID()}:`;
    // `r.<fingerprint>.<ref>`, status 201 implied; earlier versions wrote `d.<fingerprint>.201.r.<ref>`.
    const shop = await app(prefix);
    const key = { "Idempotency-Key": "order-77" };
    const first = await shop.post("/fluz/pat-token", body, key);
    expect(first.status).toBe(201);
    const { token, jti } = (await first.json()) as { token: string; jti: string };

    const [idemKey] = await raw.keys(`${prefix}idem:*`);
    const record = (await raw.get(idemKey as string)) as string;
    const short = /^r\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(record);
    expect(short).not.toBeNull();
    const [, fingerprint, ref] = short as RegExpExecArray;
    expect(Buffer.from(ref as string, "base64url").toString("hex")).toBe(jti.replaceAll("-", ""));

    // What a version before the short form left behind, with its time to live.
    await raw.set(idemKey as string, `d.${fingerprint}.201.r.${ref}`, "KEEPTTL");
    const retry = await shop.post("/fluz/pat-token", body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { token: string }).token).toBe(token);

    const other = await shop.post("/fluz/pat-token", { ...body, amount: "26.00" }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );
    // Nothing minted by the retry or the refusal: one ledger entry.
    expect(await raw.keys(`${prefix}jti:*`)).toHaveLength(1);
  });
});
