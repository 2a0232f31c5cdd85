import { afterEach, describe, expect, it, vi } from "vitest";
import { createTokenApi } from "../src/create-token-api.js";
import { WidgetClientError } from "../src/errors.js";

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

  describe("a request that got no answer", () => {
    const refused = () => {
      const urls: string[] = [];
      const inits: RequestInit[] = [];
      const fn = (async (url: string, init: RequestInit) => {
        urls.push(url);
        inits.push(init);
        // The CORS request fails (a refused preflight); the no-cors probe gets an opaque answer.
        if (init.mode !== "no-cors") throw new TypeError("Failed to fetch");
        return new Response(null, { status: 200 });
      }) as unknown as typeof fetch;
      return { fn, urls, inits };
    };

    it("tells a cross-origin endpoint that refused this page's origin apart (a no-cors probe answers)", async () => {
      const f = refused();
      const err = (await createTokenApi({ endpoint: "https://api.other.example/wt", fetch: f.fn })
        .post("impact", {})
        .catch((e: unknown) => e)) as WidgetClientError;
      expect(err.code).toBe("ORIGIN_NOT_ALLOWED");
      expect(err.status).toBeUndefined();
      expect(err.message).toContain("allowedOrigins");
      expect(err.message).toContain(location.origin);
      expect(f.urls).toEqual([
        "https://api.other.example/wt/impact/user-token",
        "https://api.other.example/wt/loader.js",
      ]);
      expect(f.inits[1]).toMatchObject({ method: "HEAD", mode: "no-cors", credentials: "omit" });
    });

    it("says both causes when the probe gets no answer either", async () => {
      const down = (async () => {
        throw new TypeError("Failed to fetch");
      }) as unknown as typeof fetch;
      const err = (await createTokenApi({ endpoint: "https://api.other.example/wt", fetch: down })
        .post("impact", {})
        .catch((e: unknown) => e)) as WidgetClientError;
      expect(err.code).toBe("NETWORK_ERROR");
      expect(err.message).toMatch(/Could not reach .*refused .*allowedOrigins/);
    });

    it("does not probe a same-origin endpoint (no CORS there), nor when the browser is offline", async () => {
      const f = refused();
      const same = (await createTokenApi({ endpoint: "/wt", fetch: f.fn })
        .post("impact", {})
        .catch((e: unknown) => e)) as WidgetClientError;
      expect(same.code).toBe("NETWORK_ERROR");
      expect(f.urls).toHaveLength(1);
      const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, "onLine");
      Object.defineProperty(navigator, "onLine", { configurable: true, get: () => false });
      try {
        const g = refused();
        const offline = (await createTokenApi({
          endpoint: "https://api.other.example/wt",
          fetch: g.fn,
        })
          .post("impact", {})
          .catch((e: unknown) => e)) as WidgetClientError;
        expect([offline.code, offline.message]).toEqual([
          "NETWORK_ERROR",
          "Could not reach the token endpoint: offline",
        ]);
        expect(g.urls).toHaveLength(1);
      } finally {
        Reflect.deleteProperty(navigator, "onLine");
        if (onLine) Object.defineProperty(Navigator.prototype, "onLine", onLine);
      }
    });

    it("an aborted request is not probed", async () => {
      const f = refused();
      const controller = new AbortController();
      controller.abort();
      const err = (await createTokenApi({ endpoint: "https://api.other.example/wt", fetch: f.fn })
        .post("impact", {}, { signal: controller.signal })
        .catch((e: unknown) => e)) as WidgetClientError;
      expect(err.code).toBe("NETWORK_ERROR");
      expect(f.urls).toHaveLength(1);
    });
  });
});

describe("the token request's deadline", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A fetch that never answers, and rejects as fetch does when its signal aborts. */
  const hung = (() => {
    const fn = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener("abort", () =>
          reject(new DOMException("The operation was aborted.", "AbortError")),
        );
      })) as unknown as typeof fetch;
    return fn;
  })();

  it.each([
    [undefined, 15_000],
    [2_000, 2_000],
  ])(
    "timeoutMs %s: a request with no answer fails with TIMEOUT after %i ms, not before",
    async (timeoutMs, ms) => {
      vi.useFakeTimers();
      const api = createTokenApi({ endpoint: "/widget-tokens", fetch: hung, timeoutMs });
      let settled: unknown;
      const request = api.post("impact", {}).catch((error: unknown) => {
        settled = error;
      });
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await request;
      expect(settled).toBeInstanceOf(WidgetClientError);
      expect(settled).toMatchObject({ code: "TIMEOUT" });
    },
  );

  it("the caller's abort is not a timeout", async () => {
    const api = createTokenApi({ endpoint: "/widget-tokens", fetch: hung });
    const controller = new AbortController();
    const request = api.post("impact", {}, { signal: controller.signal });
    controller.abort();
    await expect(request).rejects.toMatchObject({ code: "NETWORK_ERROR", message: /aborted/ });
  });

  it.each([0, -1, Number.NaN, 2 ** 31])("refuses timeoutMs %s, naming the option", (timeoutMs) => {
    expect(() => createTokenApi({ endpoint: "/widget-tokens", timeoutMs })).toThrow(
      /option "timeoutMs"/,
    );
  });
});
