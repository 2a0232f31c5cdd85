import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type DropInGlobal, startDropIn } from "../src/drop-in/bootstrap.js";
import { chunkFile } from "../src/drop-in/chunk-file.js";
import type { DropIn } from "../src/drop-in/drop-in.js";
import { MESSAGE_CLASS } from "../src/drop-in/element-state.js";
import * as fluzChunk from "../src/drop-in/fluz.js";
import * as impactChunk from "../src/drop-in/impact.js";
import * as jackpotChunk from "../src/drop-in/jackpot.js";
import { manifestFetcher } from "../src/drop-in/manifest.js";
import { registerChunk } from "../src/drop-in/register-chunk.js";
import { WidgetClientError } from "../src/errors.js";
import { shopperMessage } from "../src/index.js";
import { resetScriptCache } from "../src/load-script.js";
import { type OpenedWidget, fakeModalWidget } from "./helpers/fake-modal-widget.js";

const MOUNT = "http://localhost:3000/widget-tokens";
const FLUZ_SCRIPT = "https://sandbox.example/fluz/widget.js";
/** Stand-ins for the build's hashes (base64, as sha256 gives them). */
const HASHES = {
  fluz: "sha256-Rmx1ekZsdXpGbHV6+/Zz",
  impact: "sha256-SW1wYWN0SW1wYWN0+/Zz",
  jackpot: "sha256-SmFja3BvdEphY2tw+/Zz",
  gr4vy: "sha256-R3I0dnlHcjR2eUdy+/Zz",
};
/** The middleware's manifest, as `startDropIn` fetches it. */
const MANIFEST = async () =>
  Object.fromEntries(
    Object.entries(HASHES).map(([name, integrity]) => [
      name,
      { file: chunkFile(name, integrity), integrity },
    ]),
  );
/** What each chunk does when it runs (the IIFE build's entry: see client/build/drop-in-chunks.ts). */
const RUN: Record<string, () => void> = {
  fluz: () => registerChunk("fluz", fluzChunk as DropIn),
  impact: () => registerChunk("impact", impactChunk as DropIn),
  jackpot: () => registerChunk("jackpot", jackpotChunk as DropIn),
};

const dropInGlobal = () => (window as unknown as { WidgetTokens: DropInGlobal }).WidgetTokens;

/**
 * The browser's side of loading a chunk: a script tag whose `integrity` is
 * the one `served` says the file has runs and fires `load`; another (a
 * tampered file) fires `error` and never runs. Records every chunk tag.
 */
function fakeChunkServer(served: Record<string, string> = HASHES) {
  const requested: HTMLScriptElement[] = [];
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, "appendChild").mockImplementation(<T extends Node>(node: T): T => {
    if (!(node instanceof HTMLScriptElement) || !node.src.includes("/chunks/")) return append(node);
    requested.push(node);
    const file = node.src.slice(node.src.indexOf("/chunks/") + 8);
    const name = Object.keys(served).find((n) => chunkFile(n, HASHES[n as "fluz"]) === file);
    setTimeout(() => {
      if (name && node.integrity === served[name] && node.crossOrigin === "anonymous") {
        RUN[name]?.();
        node.dispatchEvent(new Event("load"));
      } else node.dispatchEvent(new Event("error"));
    });
    return node;
  });
  return requested;
}

/** The loader's own tag, as a page writes it. */
function loaderTag(attributes: Record<string, string> = {}): HTMLScriptElement {
  const script = document.createElement("script");
  script.setAttribute("src", `${MOUNT}/loader.js`);
  script.setAttribute("data-fluz-script-url", FLUZ_SCRIPT);
  script.setAttribute("nonce", "n0nce");
  script.nonce = "n0nce"; // browsers reflect it (and hide the attribute); happy-dom does not

  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

/** Token endpoint answers, in order; an Error stands for a request that got no answer. */
function fakeTokenEndpoint(...answers: Array<{ status: number; body: unknown } | Error>) {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      const answer = answers.shift() ?? { status: 500, body: {} };
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }),
  );
  return calls;
}

/** Wait until `check` passes: for a state of the page, never for a length of time. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 2 });
const stateOf = (el: Element) => el.getAttribute("data-widget-state");
const chunkNames = (tags: HTMLScriptElement[]) =>
  tags.map((t) => t.src.slice(t.src.indexOf("/chunks/") + 8).split(".")[0]).sort();
const messageAfter = (el: Element) =>
  el.nextElementSibling?.classList.contains(MESSAGE_CLASS) ? el.nextElementSibling : null;

let listeners: Parameters<Document["addEventListener"]>[] = [];
let observers: MutationObserver[] = [];

beforeEach(() => {
  resetScriptCache();
  // Each test's bootstrap must leave no listener or observer for the next.
  const add = document.addEventListener.bind(document);
  vi.spyOn(document, "addEventListener").mockImplementation((...args) => {
    listeners.push(args as never);
    add(...(args as Parameters<Document["addEventListener"]>));
  });
  const observe = MutationObserver.prototype.observe;
  vi.spyOn(MutationObserver.prototype, "observe").mockImplementation(function (
    this: MutationObserver,
    ...args
  ) {
    observers.push(this);
    observe.apply(this, args);
  });
});

afterEach(() => {
  for (const args of listeners) document.removeEventListener(...(args as [string, EventListener]));
  for (const observer of observers) observer.disconnect();
  listeners = [];
  observers = [];
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(window, "WidgetTokens");
  Reflect.deleteProperty(window, "FluzWidget");
  document.body.replaceChildren();
  for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
});

describe("the drop-in bootstrap", () => {
  it("loads only the chunks the page names, each with its integrity, crossorigin and the nonce", async () => {
    const requested = fakeChunkServer();
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>
      <button data-widget="fluz" data-amount="9.00" data-transaction-type="DEPOSIT">Deposit more</button>
      <button data-widget="nothing-we-know">?</button>`;
    startDropIn(loaderTag(), MANIFEST);
    await until(() => expect(dropInGlobal()?.chunks.fluz?.start).toBe(fluzChunk.start));
    expect(chunkNames(requested)).toEqual(["fluz"]);
    for (const tag of requested) {
      const name = chunkNames([tag])[0] as keyof typeof HASHES;
      expect(tag.src).toBe(`${MOUNT}/chunks/${chunkFile(name, HASHES[name])}`);
      expect(tag.integrity).toBe(HASHES[name]);
      expect(tag.crossOrigin).toBe("anonymous");
      expect(tag.nonce).toBe("n0nce");
    }
    for (const button of document.querySelectorAll("[data-widget=fluz]")) {
      expect(stateOf(button)).toBe("idle");
    }
    expect(
      document.querySelector("[data-widget=nothing-we-know]")!.hasAttribute("data-widget-state"),
    ).toBe(false);
  });

  it("uses a chunk served in the bootstrap's own file (loader.js?providers=fluz): no manifest, no chunk tag", async () => {
    const requested = fakeChunkServer();
    const opened = fakeModalWidget("FluzWidget", FLUZ_SCRIPT);
    fakeTokenEndpoint({ status: 201, body: { token: "t1", jti: "j1", expiresAt: "x" } });
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
    const button = document.querySelector("button")!;
    const manifests: string[] = [];
    // The file runs on: the bootstrap, then the chunk, before anything else happens.
    startDropIn(loaderTag(), async (name) => {
      manifests.push(name);
      return MANIFEST();
    });
    RUN.fluz!();
    button.click();
    await until(() => expect(stateOf(button)).toBe("open"));
    expect(opened.map((o) => o.token)).toEqual(["t1"]);
    expect(manifests).toEqual([]);
    expect(requested).toEqual([]);
  });

  it("asks the manifest for the provider it needs, and loads that chunk alone", async () => {
    fakeChunkServer();
    const manifests: string[] = [];
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
    startDropIn(loaderTag(), async (name) => {
      manifests.push(name);
      return MANIFEST();
    });
    await until(() => expect(dropInGlobal().chunks.fluz).toBeDefined());
    expect(manifests).toEqual(["fluz"]);
  });

  it.each([[{ headers: "Bearer x" }], [{ timeoutMs: 0 }], [{ timeoutMs: Number.NaN }]])(
    "WidgetTokens.configure(%j) throws at once, naming the option",
    (settings) => {
      const global = startDropIn(loaderTag(), MANIFEST);
      const option = Object.keys(settings)[0]!;
      expect(() => global.configure(settings as never)).toThrow(
        new RegExp(`configure: .*${option}`),
      );
      expect(() => global.configure({ headers: () => ({}), timeoutMs: 1 })).not.toThrow();
    },
  );

  it("fetches the manifest's entry of one provider, revalidated, without cookies", async () => {
    const fetched: [string, RequestInit][] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        fetched.push([url, init]);
        return new Response(JSON.stringify({ fluz: { file: "f", integrity: "i" } }));
      }),
    );
    expect(await manifestFetcher(`${MOUNT}/`)("fluz")).toEqual({
      fluz: { file: "f", integrity: "i" },
    });
    expect(fetched).toEqual([
      [`${MOUNT}/chunks/manifest.json?provider=fluz`, { cache: "no-cache", credentials: "omit" }],
    ]);
  });

  it("finds elements the page adds later, and mounts a mount-type widget at once", async () => {
    const requested = fakeChunkServer();
    const calls = fakeTokenEndpoint({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED", message: "Sign in" } },
    });
    // squatch-js is on the page already (loaded): only the token request decides.
    const squatch = document.createElement("script");
    squatch.src = "https://sandbox.example/impact/squatch.js";
    squatch.type = "text/plain";
    squatch.setAttribute("data-widget-tokens-loaded", "");
    document.head.append(squatch);
    startDropIn(
      loaderTag({
        "data-impact-tenant-alias": "test_tenant",
        "data-impact-script-url": squatch.src,
      }),
      MANIFEST,
    );
    expect(requested).toHaveLength(0);
    const referrals = document.createElement("div");
    referrals.dataset.widget = "impact";
    referrals.dataset.impactWidget = "p/referral-program/w/referrerWidget";
    document.body.append(referrals);
    // It ran on its own (no click): the token request failed, and says so.
    await until(() =>
      expect(messageAfter(referrals)?.textContent).toMatch(/^Please sign in to continue\./),
    );
    expect(stateOf(referrals)).toBe("error");
    expect(calls.map((c) => c.url)).toEqual(["/widget-tokens/impact/user-token"]);
    expect(chunkNames(requested)).toEqual(["impact"]);
  });

  it("opens on a click: loading, open, then idle after close, with the events on the element", async () => {
    fakeChunkServer();
    const opened: OpenedWidget[] = fakeModalWidget("FluzWidget", FLUZ_SCRIPT);
    const calls = fakeTokenEndpoint({
      status: 201,
      body: { token: "t1", jti: "j1", expiresAt: "x" },
    });
    document.body.innerHTML = `<form><button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button></form>`;
    const button = document.querySelector<HTMLButtonElement>("button")!;
    const events: string[] = [];
    for (const type of ["open", "close", "success", "error"]) {
      document.addEventListener(`widget-tokens:${type}`, (e) => {
        expect(e.target).toBe(button);
        events.push(type);
      });
    }
    let submitted = false;
    document.querySelector("form")!.addEventListener("submit", () => {
      submitted = true;
    });
    startDropIn(loaderTag(), MANIFEST);
    button.click();
    expect(stateOf(button)).toBe("loading");
    expect(button.getAttribute("aria-busy")).toBe("true");
    button.click(); // a double click starts nothing more
    await until(() => expect(stateOf(button)).toBe("open"));
    expect(calls).toEqual([
      {
        url: "/widget-tokens/fluz/pat-token",
        body: { amount: "5.00", transactionType: "DEPOSIT" },
      },
    ]);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.token).toBe("t1");
    expect(stateOf(button)).toBe("open");
    expect(button.getAttribute("aria-busy")).toBe("false");
    opened[0]!.onEvent("open");
    opened[0]!.onEvent("close");
    opened[0]!.onEvent("open"); // after close the element no longer listens
    expect(events).toEqual(["open", "close"]);
    expect(stateOf(button)).toBe("idle");
    expect(messageAfter(button)!.textContent).toBe("");
    expect(submitted).toBe(false);
    expect(dropInGlobal().client.fluz).toBeDefined();
  });

  it.each([
    [401, "UNAUTHENTICATED", "Please sign in to continue."],
    [429, "RATE_LIMITED", "Too many attempts. Please wait a moment."],
    [403, "ORIGIN_NOT_ALLOWED", "This page may not open this widget."],
    [403, "FORBIDDEN", "This request is not allowed."],
    [502, "UPSTREAM_TIMEOUT", "The service is not responding. Please try again later."],
  ])(
    "a %i %s shows the error state and a polite message after the element",
    async (status, code, text) => {
      fakeChunkServer();
      fakeModalWidget("FluzWidget", FLUZ_SCRIPT);
      fakeTokenEndpoint({ status, body: { error: { code, message: "for the developer" } } });
      document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
      const button = document.querySelector("button")!;
      const errors: unknown[] = [];
      button.addEventListener("widget-tokens:error", (e) => errors.push((e as CustomEvent).detail));
      startDropIn(loaderTag(), MANIFEST);
      button.click();
      await until(() => {
        expect(messageAfter(button)?.textContent).toBe(text);
        expect(errors).toHaveLength(1);
      });
      expect(stateOf(button)).toBe("error");
      const message = messageAfter(button)!;
      expect(message.getAttribute("aria-live")).toBe("polite");
      expect(message.textContent).toBe(text);
      expect(text).toBe(shopperMessage({ code }));
      expect(errors).toEqual([
        { provider: "fluz", error: expect.objectContaining({ code, status }) },
      ]);
    },
  );

  it("a request that got no answer says so, and the next click empties the message", async () => {
    fakeChunkServer();
    const opened = fakeModalWidget("FluzWidget", FLUZ_SCRIPT);
    fakeTokenEndpoint(new TypeError("Failed to fetch"), {
      status: 201,
      body: { token: "t2", jti: "j2", expiresAt: "x" },
    });
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
    const button = document.querySelector("button")!;
    startDropIn(loaderTag(), MANIFEST);
    button.click();
    await until(() =>
      expect(messageAfter(button)?.textContent).toBe("Could not connect. Please try again."),
    );
    expect(stateOf(button)).toBe("error");
    button.click();
    expect(stateOf(button)).toBe("loading");
    expect(messageAfter(button)!.textContent).toBe("");
    await until(() => expect(stateOf(button)).toBe("open"));
    expect(opened[0]!.token).toBe("t2");
    expect(document.querySelectorAll(`.${MESSAGE_CLASS}`)).toHaveLength(1);
  });

  it.each([
    ["the loader tag", { "data-widget-messages": "off" }, ""],
    ["the element", {}, ' data-widget-messages="off"'],
  ])(
    "messages can be turned off on %s (the state and the event stay)",
    async (_where, tag, attribute) => {
      fakeChunkServer();
      fakeModalWidget("FluzWidget", FLUZ_SCRIPT);
      fakeTokenEndpoint({
        status: 401,
        body: { error: { code: "UNAUTHENTICATED", message: "x" } },
      });
      document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT"${attribute}>Deposit</button>`;
      const button = document.querySelector("button")!;
      let heard = false;
      button.addEventListener("widget-tokens:error", () => {
        heard = true;
      });
      startDropIn(loaderTag(tag), MANIFEST);
      button.click();
      await until(() => {
        expect(heard).toBe(true);
        expect(stateOf(button)).toBe("error");
      });
      expect(document.querySelector(`.${MESSAGE_CLASS}`)).toBeNull();
    },
  );

  it("refuses a tampered chunk: it never runs, the element shows the error, a click tries again", async () => {
    // The server sends a fluz chunk whose bytes do not match the integrity the bootstrap carries.
    const requested = fakeChunkServer({ ...HASHES, fluz: "sha256-somethingElse" });
    const calls = fakeTokenEndpoint();
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
    const button = document.querySelector("button")!;
    const errors: { provider: string; error: { code: string } }[] = [];
    button.addEventListener("widget-tokens:error", (e) => errors.push((e as CustomEvent).detail));
    startDropIn(loaderTag(), MANIFEST);
    const fluzTags = () => requested.filter((t) => t.src.includes("/fluz."));
    // The prefetch failed quietly: the hashed name, then `fluz.js` after asking for the manifest again.
    await vi.waitFor(() => {
      expect(fluzTags()).toHaveLength(2);
      expect(fluzTags().some((t) => t.isConnected)).toBe(false);
    });
    button.click();
    await vi.waitFor(() => expect(stateOf(button)).toBe("error"));
    expect(dropInGlobal().chunks.fluz).toBeUndefined();
    expect(calls).toEqual([]);
    expect(stateOf(button)).toBe("error");
    expect(messageAfter(button)!.textContent).toBe("The widget could not load. Please try again.");
    expect(errors).toEqual([
      { provider: "fluz", error: expect.objectContaining({ code: "SCRIPT_LOAD_FAILED" }) },
    ]);
    const fluzRequests = fluzTags();
    expect(fluzRequests).toHaveLength(4); // the prefetch, then the click's retry
    expect(fluzRequests.every((t) => !t.isConnected)).toBe(true);
  });

  it("a manifest that does not come shows the bootstrap's own message, with no chunk", async () => {
    const requested = fakeChunkServer();
    document.body.innerHTML = `<button data-widget="fluz" data-amount="5.00" data-transaction-type="DEPOSIT">Deposit</button>`;
    const button = document.querySelector("button")!;
    startDropIn(loaderTag(), () =>
      Promise.reject(new WidgetClientError("NETWORK_ERROR", "Could not reach it")),
    );
    button.click();
    await until(() =>
      expect(messageAfter(button)?.textContent).toBe("Could not connect. Please try again."),
    );
    expect(stateOf(button)).toBe("error");
    expect(requested).toEqual([]);
  });
});
