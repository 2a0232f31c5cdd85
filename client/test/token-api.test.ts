import { describe, expect, it } from "vitest";
import { WidgetClientError } from "../src/errors.js";
import { createTokenApi } from "../src/token-api.js";

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers,
    });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe("createTokenApi", () => {
  it("posts JSON with cookies and the idempotency key, and returns the body", async () => {
    const f = fakeFetch(201, { token: "t", jti: "j", expiresAt: "x" });
    const api = createTokenApi({
      endpoint: "/widget-tokens/",
      fetch: f.fn,
      headers: { "X-CSRF": "c" },
    });
    const body = await api.post(
      "fluz",
      { amount: 5, transactionType: "DEPOSIT" },
      { idempotencyKey: "k1" },
    );
    expect(body).toEqual({ token: "t", jti: "j", expiresAt: "x" });
    expect(f.calls[0]!.url).toBe("/widget-tokens/fluz/pat-token");
    expect(f.calls[0]!.init.credentials).toBe("include");
    expect(f.calls[0]!.init.method).toBe("POST");
    expect(f.calls[0]!.init.headers).toMatchObject({
      "Content-Type": "application/json",
      "Idempotency-Key": "k1",
      "X-CSRF": "c",
    });
    expect(f.calls[0]!.init.body).toBe('{"amount":5,"transactionType":"DEPOSIT"}');
  });

  it("turns the server's error body into a typed error with code, field and Retry-After", async () => {
    const f = fakeFetch(
      429,
      { error: { code: "RATE_LIMITED", message: "slow down" } },
      { "Retry-After": "7" },
    );
    const api = createTokenApi({ endpoint: "/wt", fetch: f.fn });
    const err = (await api.post("impact", {}).catch((e: unknown) => e)) as WidgetClientError;
    expect(err).toBeInstanceOf(WidgetClientError);
    expect([err.code, err.status, err.retryAfter, err.message]).toEqual([
      "RATE_LIMITED",
      429,
      7,
      "slow down",
    ]);

    const bad = fakeFetch(400, {
      error: { code: "INVALID_REQUEST", message: "amount …", field: "amount" },
    });
    const e2 = (await createTokenApi({ endpoint: "/wt", fetch: bad.fn })
      .post("impact", {})
      .catch((e: unknown) => e)) as WidgetClientError;
    expect([e2.code, e2.field]).toEqual(["INVALID_REQUEST", "amount"]);
  });

  it("keeps the provider's error code of an upstream rejection", async () => {
    const f = fakeFetch(502, {
      error: {
        code: "UPSTREAM_REJECTED",
        message: "Jackpot refused",
        upstreamCode: "invalid_grant",
      },
    });
    const err = (await createTokenApi({ endpoint: "/wt", fetch: f.fn })
      .post("impact", {})
      .catch((e: unknown) => e)) as WidgetClientError;
    expect([err.code, err.status, err.upstreamCode]).toEqual([
      "UPSTREAM_REJECTED",
      502,
      "invalid_grant",
    ]);
  });

  it("reports network failures and non-JSON answers distinctly", async () => {
    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    const e1 = (await createTokenApi({ endpoint: "/wt", fetch: down })
      .post("impact", {})
      .catch((e: unknown) => e)) as WidgetClientError;
    expect(e1.code).toBe("NETWORK_ERROR");
    const html = fakeFetch(502, "<html>bad gateway</html>");
    const e2 = (await createTokenApi({ endpoint: "/wt", fetch: html.fn })
      .post("impact", {})
      .catch((e: unknown) => e)) as WidgetClientError;
    expect([e2.code, e2.status]).toEqual(["BAD_RESPONSE", 502]);
  });
});
