import { TOKEN_ROUTES } from "@widget-tokens/shared";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createImpactWidget } from "../src/adapters/impact.js";
import { WidgetClientError } from "../src/errors.js";
import { resetScriptCache } from "../src/load-script.js";
import type { TokenApi } from "../src/token-api.js";

const SCRIPT = "https://sandbox.example/impact/squatch.js";
const WIDGET = "p/referral-program/w/referrerWidget";

interface Globals {
  impactToken?: string;
  squatchTenant?: string;
  impactConfig?: Record<string, unknown>;
}
const g = window as unknown as Globals;

/** What a stand-in `<impact-embed>` saw when it was constructed (squatch-js reads globals then). */
const constructed: {
  token?: string | undefined;
  tenant?: string | undefined;
  config?: Record<string, unknown> | undefined;
}[] = [];

beforeAll(() => {
  // A unit test of the adapter alone: squatch-js itself runs in the Playwright spec.
  class FakeImpactEmbed extends HTMLElement {
    constructor() {
      super();
      constructed.push({ token: g.impactToken, tenant: g.squatchTenant, config: g.impactConfig });
    }
  }
  customElements.define("impact-embed", FakeImpactEmbed);
});

function scriptOnPage() {
  const tag = document.createElement("script");
  tag.setAttribute("src", SCRIPT);
  tag.setAttribute("data-widget-tokens-loaded", "");
  tag.type = "text/plain";
  document.head.appendChild(tag);
}

/** The clock the adapter reads (`Date.now()`), faked: `clock.now += ms` moves it. */
function fakeClock(start: number): { now: number } {
  vi.useFakeTimers({ toFake: ["Date"], now: start });
  return {
    get now() {
      return Date.now();
    },
    set now(ms: number) {
      vi.setSystemTime(ms);
    },
  };
}

/** A token API that answers tokens living `lifeMs` from the fake clock. */
function tokenApi(clock: { now: number }, lifeMs: number, calls: unknown[] = []): TokenApi {
  let n = 0;
  return {
    async post(route, body) {
      calls.push({ path: TOKEN_ROUTES[route], body });
      n += 1;
      return { token: `tok-${n}`, expiresAt: new Date(clock.now + lifeMs).toISOString() } as never;
    },
  };
}

describe("impact adapter", () => {
  let root: HTMLElement;
  beforeEach(() => {
    resetScriptCache();
    scriptOnPage();
    root = document.createElement("div");
    root.id = "referrals";
    root.innerHTML = "<p>Loading…</p>";
    document.body.append(root);
    constructed.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
    root.remove();
    Reflect.deleteProperty(g, "impactToken");
    Reflect.deleteProperty(g, "squatchTenant");
    Reflect.deleteProperty(g, "impactConfig");
  });

  it("sets the globals squatch-js reads before creating <impact-embed widget=…>", async () => {
    const clock = fakeClock(1_000_000);
    const calls: unknown[] = [];
    const impact = createImpactWidget(tokenApi(clock, 3_600_000, calls), {
      tenantAlias: "test_t",
      scriptUrl: SCRIPT,
      domain: "https://sandbox.example/impact",
    });
    const mounted = await impact.mount("#referrals", { widget: WIDGET, locale: "fr_CA" });
    expect(calls).toEqual([{ path: "/impact/user-token", body: { locale: "fr_CA" } }]);
    expect(constructed).toEqual([
      {
        token: "tok-1",
        tenant: "test_t",
        config: { tenantAlias: "test_t", domain: "https://sandbox.example/impact" },
      },
    ]);
    expect(root.children).toHaveLength(1);
    expect(mounted.element.tagName).toBe("IMPACT-EMBED");
    expect(mounted.element.getAttribute("widget")).toBe(WIDGET);
    expect(mounted.element.getAttribute("locale")).toBe("fr_CA");
    expect(mounted.expiresAt.getTime()).toBe(clock.now + 3_600_000);
    expect(root.textContent).not.toContain("Loading");
  });

  it.each([
    ["its widget", "EMBED_WIDGET", "open", undefined],
    ["its error widget (impact.com failed)", "ERROR_WIDGET", "error", "WIDGET_ERROR"],
  ])("reports squatch-js rendering %s as %s", async (_what, type, state, code) => {
    const clock = fakeClock(Date.parse("2026-01-01T00:00:00Z"));
    const impact = createImpactWidget(tokenApi(clock, 3_600_000), {
      tenantAlias: "t",
      scriptUrl: SCRIPT,
    });
    const errors: unknown[] = [];
    impact.on("error", ({ error }) => errors.push(error.code));
    const { element } = await impact.mount(root, { widget: WIDGET });
    // What squatch-js does once impact.com answered: set its widget, then say it loaded.
    Object.assign(element, { widgetInstance: { type } });
    element.dispatchEvent(new CustomEvent("sq:widget-loaded"));
    expect(impact.state).toBe(state);
    expect(errors).toEqual(code ? [code] : []);
  });

  it("reuses a valid token on re-mount and fetches a fresh one once it has expired", async () => {
    const clock = fakeClock(1_000_000);
    const calls: unknown[] = [];
    const impact = createImpactWidget(tokenApi(clock, 60_000, calls), {
      tenantAlias: "t",
      scriptUrl: SCRIPT,
    });
    await impact.mount(root, { widget: WIDGET });
    clock.now += 50_000; // 10 s left: more than the margin (a tenth of 60 s)
    await impact.mount(root, { widget: WIDGET });
    expect(calls).toHaveLength(1);
    expect(constructed.map((c) => c.token)).toEqual(["tok-1", "tok-1"]);
    clock.now += 5_000; // 5 s left: inside the margin, renew
    await impact.mount(root, { widget: WIDGET });
    clock.now += 120_000; // long expired
    const last = await impact.mount(root, { widget: WIDGET });
    expect(calls).toHaveLength(3);
    expect(constructed.map((c) => c.token)).toEqual(["tok-1", "tok-1", "tok-2", "tok-3"]);
    expect(g.impactToken).toBe("tok-3");
    expect(last.expiresAt.getTime()).toBe(clock.now + 60_000);
    expect(root.querySelectorAll("impact-embed")).toHaveLength(1);
  });

  it("one token request for concurrent mounts", async () => {
    const clock = fakeClock(0);
    const calls: unknown[] = [];
    const impact = createImpactWidget(tokenApi(clock, 60_000, calls), {
      tenantAlias: "t",
      scriptUrl: SCRIPT,
    });
    const other = document.createElement("div");
    document.body.append(other);
    await Promise.all([
      impact.mount(root, { widget: WIDGET }),
      impact.mount(other, { widget: WIDGET }),
    ]);
    expect(calls).toHaveLength(1);
    other.remove();
  });

  it("headers() carries the token in X-SaaSquatch-User-Token, renewing it when expired", async () => {
    const clock = fakeClock(0);
    const calls: unknown[] = [];
    const impact = createImpactWidget(tokenApi(clock, 60_000, calls), {
      tenantAlias: "t",
    });
    expect(await impact.headers()).toEqual({ "X-SaaSquatch-User-Token": "tok-1" });
    expect(await impact.headers()).toEqual({ "X-SaaSquatch-User-Token": "tok-1" });
    clock.now += 61_000;
    expect(await impact.headers()).toEqual({ "X-SaaSquatch-User-Token": "tok-2" });
    expect(calls).toEqual([
      { path: "/impact/user-token", body: {} },
      { path: "/impact/user-token", body: {} },
    ]);
  });

  it("per-mount options override the client's; default script is the vendor CDN", async () => {
    const clock = fakeClock(0);
    const impact = createImpactWidget(tokenApi(clock, 60_000), {
      tenantAlias: "client_t",
      scriptUrl: SCRIPT,
    });
    await impact.mount(root, {
      widget: WIDGET,
      tenantAlias: "mount_t",
      domain: "https://d.example",
    });
    expect(constructed.at(-1)).toMatchObject({
      tenant: "mount_t",
      config: { tenantAlias: "mount_t", domain: "https://d.example" },
    });
    // Without scriptUrl the vendor's CDN URL is what gets loaded: only a tag with
    // that src (already on the page, so no network) lets the mount finish.
    const cdn = document.createElement("script");
    cdn.setAttribute("src", "https://fast.ssqt.io/squatch-js@2");
    cdn.setAttribute("data-widget-tokens-loaded", "");
    cdn.type = "text/plain";
    document.head.append(cdn);
    const bare = createImpactWidget(tokenApi(clock, 60_000), { tenantAlias: "t" });
    await bare.mount(root, { widget: WIDGET });
    expect(constructed.at(-1)).toMatchObject({ tenant: "t" });
  });

  it.each([
    ["a bad widget type", { widget: "w/../x" }, "#referrals", "t"],
    ["no widget", {}, "#referrals", "t"],
    ["no tenant alias", { widget: WIDGET }, "#referrals", undefined],
    ["a missing element", { widget: WIDGET }, "#nowhere", "t"],
  ])(
    "rejects %s with WIDGET_ERROR and an error event, without fetching",
    async (_n, options, target, tenantAlias) => {
      const calls: unknown[] = [];
      const impact = createImpactWidget(tokenApi({ now: 0 }, 60_000, calls), {
        tenantAlias,
        scriptUrl: SCRIPT,
      });
      const errors: string[] = [];
      impact.on("error", (e) => errors.push(e.error.code));
      const err = await impact
        .mount(target, options as { widget: string })
        .catch((e: unknown) => e as WidgetClientError);
      expect(err).toBeInstanceOf(WidgetClientError);
      expect((err as WidgetClientError).code).toBe("WIDGET_ERROR");
      expect(errors).toEqual(["WIDGET_ERROR"]);
      expect(calls).toHaveLength(0);
    },
  );

  it("a token endpoint failure is reported with its code and nothing is mounted", async () => {
    const impact = createImpactWidget(
      {
        async post() {
          throw new WidgetClientError("UNAUTHENTICATED", "Sign in first", { status: 401 });
        },
      },
      { tenantAlias: "t", scriptUrl: SCRIPT },
    );
    const errors: string[] = [];
    impact.on("error", (e) => errors.push(e.error.code));
    await expect(impact.mount(root, { widget: WIDGET })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(errors).toEqual(["UNAUTHENTICATED"]);
    expect(root.querySelector("impact-embed")).toBeNull();
    expect(g.impactToken).toBeUndefined();
  });

  it("unmount and destroy remove the widget", async () => {
    const impact = createImpactWidget(tokenApi(fakeClock(0), 60_000), {
      tenantAlias: "t",
      scriptUrl: SCRIPT,
    });
    const closes: string[] = [];
    impact.on("close", (e) => closes.push(e.provider));
    const m = await impact.mount(root, { widget: WIDGET });
    m.unmount();
    expect(root.querySelector("impact-embed")).toBeNull();
    expect(closes).toEqual(["impact"]);
    await impact.mount(root, { widget: WIDGET });
    impact.destroy();
    expect(root.querySelector("impact-embed")).toBeNull();
  });
});
