import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createJackpotWidget } from "../src/adapters/jackpot.js";
import { start as startJackpot } from "../src/drop-in/jackpot.js";
import { resetScriptCache } from "../src/load-script.js";
import { fakeModalWidget, fakeTokenApi } from "./helpers/fake-modal-widget.js";

const SCRIPT = "https://sandbox.example/jackpot/widget.js";
const PAGE = "https://sandbox.example/jackpot/widget";
const SESSION = { sessionToken: "jps_session_1", expiresAt: "2030-01-01T00:00:00.000Z" };

const fakeWidgetGlobal = () => fakeModalWidget("JackpotWidget", SCRIPT);

const api = fakeTokenApi;

/** A message as the framed page would send it. */
function fromFrame(
  frame: HTMLIFrameElement,
  data: unknown,
  origin = "https://sandbox.example",
  source: unknown = frame.contentWindow,
) {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source: source as Window }));
}

describe("Jackpot adapter", () => {
  beforeEach(() => resetScriptCache());
  afterEach(() => {
    Reflect.deleteProperty(window, "JackpotWidget");
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
    for (const o of Array.from(document.querySelectorAll("dialog"))) o.remove();
  });

  it("script mode: gets a session token and opens the widget with it, relaying events", async () => {
    const opened = fakeWidgetGlobal();
    const calls: unknown[] = [];
    const widget = createJackpotWidget(api(SESSION, calls), { scriptUrl: SCRIPT });
    const events: string[] = [];
    for (const t of ["open", "close", "success", "error"] as const)
      widget.on(t, () => events.push(t));
    const session = await widget.open({ amount: 25, idempotencyKey: "k-1" });
    expect(calls).toEqual([
      { path: "/jackpot/session-token", body: { amount: 25 }, idempotencyKey: "k-1" },
    ]);
    expect(session.expiresAt).toBe(SESSION.expiresAt);
    expect(opened[0]!.sessionToken).toBe("jps_session_1");
    opened[0]!.onEvent("open");
    opened[0]!.onEvent("success", { conversionId: "c1" });
    opened[0]!.onEvent("close");
    opened[0]!.onEvent("error", { message: "boom" });
    expect(events).toEqual(["open", "success", "close", "error"]);
  });

  it("iframe mode: frames the page, hands the token by postMessage to its origin only", async () => {
    const widget = createJackpotWidget(api(SESSION), { iframeUrl: PAGE });
    const events: { type: string; detail?: unknown }[] = [];
    widget.on("open", () => events.push({ type: "open" }));
    widget.on("success", (e) => events.push({ type: "success", detail: e.detail }));
    widget.on("close", () => events.push({ type: "close" }));
    await widget.open({ amount: "25.00" });

    const frame = document.querySelector<HTMLIFrameElement>("iframe[title='Jackpot']")!;
    expect(frame).not.toBeNull();
    expect(frame.src).toBe(PAGE);
    expect(frame.src).not.toContain("jps_");
    // happy-dom does not load cross-origin frames: stand in for the framed page's window.
    const posted: { data: unknown; origin: string }[] = [];
    const pageWindow = {
      postMessage: (data: unknown, origin: string) => posted.push({ data, origin }),
    };
    Object.defineProperty(frame, "contentWindow", { value: pageWindow, configurable: true });

    fromFrame(frame, { type: "ready" }, "https://sandbox.example", window);
    expect(posted).toEqual([]); // not from the frame
    fromFrame(frame, { type: "ready" }, "https://evil.example");
    expect(posted).toEqual([]);
    fromFrame(frame, { type: "ready" });
    fromFrame(frame, { type: "ready" });
    expect(posted).toEqual([
      { data: { type: "init", sessionToken: "jps_session_1" }, origin: "https://sandbox.example" },
    ]);
    fromFrame(frame, { type: "open", detail: { amount: 25 } });
    fromFrame(frame, { type: "success", detail: { conversionId: "c9", amount: 25 } });
    expect(events).toEqual([
      { type: "open" },
      { type: "success", detail: { conversionId: "c9", amount: 25 } },
    ]);
    expect(document.querySelector("iframe[title='Jackpot']")).toBeNull();
  });

  it("iframe mode: a modal <dialog>, whose closing (Escape) reports close once", async () => {
    const widget = createJackpotWidget(api(SESSION), { iframeUrl: PAGE });
    let closes = 0;
    widget.on("close", () => closes++);
    await widget.open({ amount: 5 });
    const dialog = document.querySelector<HTMLDialogElement>("dialog")!;
    expect([dialog.open, dialog.getAttribute("aria-label")]).toEqual([true, "Jackpot"]);
    // What the browser does on Escape (Chromium presses it in e2e/specs/jackpot.spec.ts).
    dialog.close();
    dialog.dispatchEvent(new Event("close"));
    expect(closes).toBe(1);
    expect(document.querySelector("dialog")).toBeNull();
  });

  it("a refused token request becomes an error event and a rejection", async () => {
    const err = Object.assign(new Error("Jackpot refused the exchange"), {
      code: "UPSTREAM_REJECTED",
    });
    const widget = createJackpotWidget(api(err), { iframeUrl: PAGE });
    const seen: string[] = [];
    widget.on("error", (e) => seen.push(e.error.message));
    await expect(widget.open({ amount: 5 })).rejects.toThrow(/refused/);
    expect(seen).toEqual(["Jackpot refused the exchange"]);
    expect(document.querySelector("iframe")).toBeNull();
  });

  it("without a widget URL it fails before asking for a token", async () => {
    const calls: unknown[] = [];
    const widget = createJackpotWidget(api(SESSION, calls), undefined);
    await expect(widget.open({ amount: 5 })).rejects.toMatchObject({ code: "WIDGET_ERROR" });
    expect(calls).toEqual([]);
  });

  it("the drop-in opens with data-amount", async () => {
    const opened = fakeWidgetGlobal();
    const calls: unknown[] = [];
    const widget = createJackpotWidget(api(SESSION, calls), { scriptUrl: SCRIPT });
    const button = document.createElement("button");
    button.dataset.widget = "jackpot";
    button.dataset.amount = "25";
    await startJackpot(button, widget);
    expect(calls).toEqual([
      { path: "/jackpot/session-token", body: { amount: "25" }, idempotencyKey: undefined },
    ]);
    expect(opened).toHaveLength(1);
  });
});
