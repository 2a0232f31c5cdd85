import { TOKEN_ROUTES } from "@widget-tokens/shared";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGr4vyWidget } from "../src/adapters/gr4vy.js";
import { start as startGr4vy } from "../src/drop-in/gr4vy.js";
import { DROP_IN_TRIGGERS } from "../src/drop-in/providers.js";
import { resetScriptCache } from "../src/load-script.js";
import type { TokenApi } from "../src/token-api.js";

type Setup = Record<string, unknown> & {
  onEvent: (name: string, data: unknown) => void;
  onComplete?: (tx: unknown) => void;
};

/** Stands in for Gr4vy's script: records every `setup` call. */
function fakeEmbed(src: string) {
  const calls: Setup[] = [];
  (window as unknown as { gr4vy: unknown }).gr4vy = {
    setup(options: Setup) {
      calls.push(options);
      return { submit() {} };
    },
  };
  const tag = document.createElement("script");
  tag.setAttribute("src", src);
  tag.type = "text/plain";
  document.head.appendChild(tag);
  return calls;
}

const future = () => new Date(Date.now() + 3_600_000).toISOString();

function tokenApi(responses: (() => Record<string, unknown>)[], calls: unknown[]): TokenApi {
  return {
    async post(route, body) {
      calls.push({ path: TOKEN_ROUTES[route], body });
      const next = responses.shift();
      if (!next) throw new Error("no more tokens");
      return next() as never;
    },
  };
}

const response =
  (token: string, extra: Record<string, unknown> = {}) =>
  () => ({
    token,
    jti: `jti-${token}`,
    expiresAt: future(),
    amount: 18299,
    currency: "USD",
    gr4vyId: "acme",
    environment: "sandbox",
    ...extra,
  });

describe("Gr4vy adapter", () => {
  let element: HTMLDivElement;
  beforeEach(() => {
    resetScriptCache();
    element = document.createElement("div");
    element.id = "payment";
    document.body.append(element);
  });
  afterEach(() => {
    Reflect.deleteProperty(window, "gr4vy");
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
    element.remove();
  });

  it("passes Embed the token and exactly the pinned values of the response", async () => {
    const embed = fakeEmbed("https://cdn.acme.gr4vy.app/gr4vy-embed.js");
    const calls: unknown[] = [];
    const cartItems = [{ name: "Socks", quantity: 1, unitAmount: 599 }];
    const widget = createGr4vyWidget(
      tokenApi(
        [response("t1", { cartItems, metadata: { a: "b" }, buyerExternalIdentifier: "u1" })],
        calls,
      ),
      undefined,
    );
    const opened: string[] = [];
    widget.on("open", (e) => opened.push(e.provider));
    const mounted = await widget.setup({
      element: "#payment",
      form: "#checkout",
      country: "US",
      checkoutSessionId: "0ebde6a1-f66c-43ea-bb8b-73751864c604",
      embedOptions: { locale: "en", amount: 1 },
    });
    expect(calls).toEqual([
      {
        path: "/gr4vy/embed-token",
        body: { checkoutSessionId: "0ebde6a1-f66c-43ea-bb8b-73751864c604" },
      },
    ]);
    expect(embed).toHaveLength(1);
    const { onEvent, ...options } = embed[0]!;
    expect(typeof onEvent).toBe("function");
    // A stray `amount` in embedOptions is overridden by the token's.
    expect(options).toEqual({
      locale: "en",
      gr4vyId: "acme",
      environment: "sandbox",
      element,
      form: "#checkout",
      country: "US",
      token: "t1",
      amount: 18299,
      currency: "USD",
      buyerExternalIdentifier: "u1",
      metadata: { a: "b" },
      cartItems,
    });
    expect(mounted).toMatchObject({ amount: 18299, currency: "USD" });
    expect(opened).toEqual(["gr4vy"]);
  });

  it("relays onEvent and onComplete, and reports transactionCreated as success", async () => {
    const embed = fakeEmbed("https://sandbox.example/gr4vy-embed.js");
    const widget = createGr4vyWidget(tokenApi([response("t1")], []), {
      scriptUrl: "https://sandbox.example/gr4vy-embed.js",
      gr4vyId: "mine",
    });
    const events: [string, unknown][] = [];
    const completed: unknown[] = [];
    const successes: unknown[] = [];
    widget.on("success", (e) => successes.push(e.detail));
    await widget.setup({
      element,
      country: "US",
      onEvent: (name, data) => events.push([name, data]),
      onComplete: (tx) => completed.push(tx),
    });
    expect(embed[0]!.gr4vyId).toBe("mine");
    const tx = { type: "transaction", id: "tx-1", status: "authorization_succeeded" };
    embed[0]!.onEvent("formUpdate", { valid: true });
    embed[0]!.onEvent("transactionCreated", tx);
    embed[0]!.onComplete?.(tx);
    expect(events).toEqual([
      ["formUpdate", { valid: true }],
      ["transactionCreated", tx],
    ]);
    expect(completed).toEqual([tx]);
    expect(successes).toEqual([tx]);
  });

  it("without onComplete, lets Embed submit the form (no onComplete passed)", async () => {
    const embed = fakeEmbed("https://cdn.acme.gr4vy.app/gr4vy-embed.js");
    const widget = createGr4vyWidget(tokenApi([response("t1")], []), undefined);
    await widget.setup({ element, form: "#checkout", country: "US" });
    expect("onComplete" in embed[0]!).toBe(false);
  });

  it("renews the token once and sets Embed up again on an authentication apiError", async () => {
    const embed = fakeEmbed("https://cdn.acme.gr4vy.app/gr4vy-embed.js");
    const calls: unknown[] = [];
    const widget = createGr4vyWidget(
      tokenApi([response("t1"), response("t2"), response("t3")], calls),
      undefined,
    );
    const errors: string[] = [];
    widget.on("error", (e) => errors.push(e.error.message));
    const seen: string[] = [];
    await widget.setup({ element, country: "US", onEvent: (name) => seen.push(name) });
    embed[0]!.onEvent("apiError", {
      type: "error",
      status: 401,
      code: "unauthorized",
      message: "expired",
    });
    await vi.waitFor(() => expect(embed).toHaveLength(2));
    expect(embed[1]!.token).toBe("t2");
    expect(calls).toHaveLength(2);
    // The renewal itself is not reported as an error or an event.
    expect(errors).toEqual([]);
    expect(seen).toEqual([]);
    // A second refusal is final: reported, no third token.
    embed[1]!.onEvent("apiError", {
      type: "error",
      status: 401,
      code: "unauthorized",
      message: "refused again",
    });
    // Reported only once the adapter decided not to renew: nothing more can follow.
    await vi.waitFor(() => expect(errors).toEqual(["refused again"]));
    expect(calls).toHaveLength(2);
    expect(embed).toHaveLength(2);
    expect(seen).toEqual(["apiError"]);
  });

  it("does not renew on other errors (a mismatched amount)", async () => {
    const embed = fakeEmbed("https://cdn.acme.gr4vy.app/gr4vy-embed.js");
    const calls: unknown[] = [];
    const widget = createGr4vyWidget(tokenApi([response("t1"), response("t2")], calls), undefined);
    const errors: string[] = [];
    widget.on("error", (e) => errors.push(e.error.code));
    await widget.setup({ element, country: "US" });
    embed[0]!.onEvent("apiError", {
      status: 400,
      code: "bad_request",
      message: "The amount does not match",
    });
    await vi.waitFor(() => expect(errors).toEqual(["WIDGET_ERROR"]));
    expect(calls).toHaveLength(1);
  });

  it("fetches a new token once when the one it got has already expired", async () => {
    const embed = fakeEmbed("https://cdn.acme.gr4vy.app/gr4vy-embed.js");
    const calls: unknown[] = [];
    const past = new Date(Date.now() - 1000).toISOString();
    const widget = createGr4vyWidget(
      tokenApi([response("old", { expiresAt: past }), response("fresh")], calls),
      undefined,
    );
    await widget.setup({ element, country: "US" });
    expect(calls).toHaveLength(2);
    expect(embed.map((c) => c.token)).toEqual(["fresh"]);
  });

  it("reports a token endpoint failure as an error and rejects, without loading Embed", async () => {
    const widget = createGr4vyWidget(
      {
        async post() {
          throw Object.assign(new Error("Sign in first"), { code: "UNAUTHENTICATED" });
        },
      },
      undefined,
    );
    const errors: unknown[] = [];
    widget.on("error", (e) => errors.push(e.error));
    await expect(widget.setup({ element, country: "US" })).rejects.toThrow("Sign in first");
    expect(errors).toHaveLength(1);
    expect(document.querySelectorAll("script")).toHaveLength(0);
  });

  it("rejects a missing element before any request", async () => {
    const calls: unknown[] = [];
    const widget = createGr4vyWidget(tokenApi([response("t1")], calls), undefined);
    await expect(widget.setup({ element: "#nowhere", country: "US" })).rejects.toThrow(
      /no element/,
    );
    expect(calls).toHaveLength(0);
  });
});

describe("Gr4vy drop-in", () => {
  afterEach(() => {
    Reflect.deleteProperty(window, "gr4vy");
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
    document.body.replaceChildren();
  });

  it('mounts Embed in <div data-widget="gr4vy"> with its data attributes', async () => {
    resetScriptCache();
    const embed = fakeEmbed("https://cdn.shop.gr4vy.app/gr4vy-embed.js");
    document.body.innerHTML = `<form id="checkout"><div data-widget="gr4vy" data-form="#checkout" data-country="GB" data-locale="en-GB" data-gr4vy-id="shop"></div></form>`;
    const el = document.querySelector<HTMLElement>("[data-widget]")!;
    const calls: unknown[] = [];
    const gr4vy = createGr4vyWidget(tokenApi([response("t1")], calls), undefined);
    const emitted: string[] = [];
    for (const type of ["open", "success"] as const) gr4vy.on(type, () => emitted.push(type));
    await startGr4vy(el, gr4vy);
    expect(DROP_IN_TRIGGERS.gr4vy).toBe("mount");
    expect(embed[0]).toMatchObject({
      element: el,
      form: "#checkout",
      country: "GB",
      locale: "en-GB",
      gr4vyId: "shop",
      token: "t1",
    });
    expect(calls).toEqual([{ path: "/gr4vy/embed-token", body: {} }]);
    embed[0]!.onEvent("transactionCreated", { id: "tx-1", status: "authorization_succeeded" });
    expect(emitted).toEqual(["open", "success"]);
  });
});
