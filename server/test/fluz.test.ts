import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FluzIssued } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each([5, 4] as const)("Fluz pat-token on Express %i", (expressVersion) => {
  let app: TestApp;
  const issued: FluzIssued[] = [];

  beforeAll(async () => {
    app = await startTestApp(
      {
        providers: {
          fluz: {
            apiKey: "fluz-key-1",
            apiSecret: TEST_SECRET,
            onIssued: (i: FluzIssued) => {
              issued.push(i);
            },
          },
        },
      },
      { expressVersion },
    );
  });
  afterAll(() => app.close());

  it("mints an HS256 token with exactly the documented claims", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await app.post("/fluz/pat-token", { amount: "50.25", transactionType: "WITHDRAW" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const body = (await res.json()) as { token: string; jti: string; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "jti", "token"]);

    const { payload: claims, protectedHeader } = await verifyHs256(body.token, TEST_SECRET);
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    expect(Object.keys(claims).sort()).toEqual(
      ["amount", "apiKey", "exp", "externalId", "iat", "jti", "transactionType"].sort(),
    );
    expect(claims).toMatchObject({
      amount: 50.25,
      apiKey: "fluz-key-1",
      transactionType: "WITHDRAW",
      externalId: "user-1",
      jti: body.jti,
    });
    expect(claims.jti).toMatch(UUID_V4);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.iat as number) + 86_400);
    expect(new Date(body.expiresAt).getTime()).toBe((claims.exp as number) * 1000);
    const header = JSON.parse(Buffer.from(body.token.split(".")[0]!, "base64url").toString());
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });

    expect(issued.at(-1)).toMatchObject({
      jti: body.jti,
      amount: 50.25,
      transactionType: "WITHDRAW",
    });
    expect(issued.at(-1)!.user.id).toBe("user-1");
  });

  it("is rejected by a verifier with another key or another algorithm", async () => {
    const res = await app.post("/fluz/pat-token", { amount: 5, transactionType: "DEPOSIT" });
    const { token } = (await res.json()) as { token: string };
    await expect(verifyHs256(token, `${TEST_SECRET}x`)).rejects.toThrow(/signature/);
    await expect(verifyHs256(token, TEST_SECRET, { algorithms: ["HS512"] })).rejects.toThrow(
      /Algorithm/,
    );
    await expect(verifyHs256(token, TEST_SECRET)).resolves.toBeDefined();
  });

  it("ignores any attempt in the body to name another user", async () => {
    const res = await app.post("/fluz/pat-token", {
      amount: 1,
      transactionType: "DEPOSIT",
      externalId: "victim",
      userId: "victim",
      apiKey: "other",
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const { payload: claims } = await verifyHs256(token, TEST_SECRET);
    expect(claims.externalId).toBe("user-1");
    expect(claims.apiKey).toBe("fluz-key-1");
  });

  it("gives a fresh jti for every token", async () => {
    const jtis = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await app.post("/fluz/pat-token", { amount: 1, transactionType: "DEPOSIT" });
      jtis.add(((await res.json()) as { jti: string }).jti);
    }
    expect(jtis.size).toBe(20);
  });
});
