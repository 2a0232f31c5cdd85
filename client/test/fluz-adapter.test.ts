import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFluzWidget } from "../src/adapters/fluz.js";
import { resetScriptCache } from "../src/load-script.js";
import { fakeModalWidget, fakeTokenApi } from "./helpers/fake-modal-widget.js";

const SCRIPT = "https://sandbox.example/fluz/widget.js";

const fakeWidgetGlobal = () => fakeModalWidget("FluzWidget", SCRIPT);

const api = fakeTokenApi;

describe("Fluz adapter", () => {
  beforeEach(() => resetScriptCache());
  afterEach(() => {
    Reflect.deleteProperty(window, "FluzWidget");
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
  });

  it("fetches a token, opens the widget with it and relays events", async () => {
    const opened = fakeWidgetGlobal();
    const calls: unknown[] = [];
    const widget = createFluzWidget(api({ token: "tok-1", jti: "j-1", expiresAt: "x" }, calls), {
      scriptUrl: SCRIPT,
    });
    const events: string[] = [];
    for (const t of ["open", "close", "success", "error"] as const)
      widget.on(t, () => events.push(t));
    const session = await widget.open({ amount: "5.00", transactionType: "WITHDRAW" });
    expect(calls).toEqual([
      { path: "/fluz/pat-token", body: { amount: "5.00", transactionType: "WITHDRAW" } },
    ]);
    expect(session.jti).toBe("j-1");
    expect(opened[0]!.token).toBe("tok-1");
    opened[0]!.onEvent("open");
    opened[0]!.onEvent("success", { transactionId: "t1" });
    opened[0]!.onEvent("close");
    expect(events).toEqual(["open", "success", "close"]);
  });

  it("reports a token error as an error event and rejects", async () => {
    fakeWidgetGlobal();
    const err = Object.assign(new Error("amount must be at most 10000"), {
      code: "INVALID_REQUEST",
    });
    const widget = createFluzWidget(api(err), { scriptUrl: SCRIPT });
    const seen: string[] = [];
    widget.on("error", (e) => seen.push(e.error.message));
    await expect(widget.open({ amount: "99999", transactionType: "DEPOSIT" })).rejects.toThrow(
      /at most/,
    );
    expect(seen).toEqual(["amount must be at most 10000"]);
  });

  it("destroy() closes the open widget and drops listeners", async () => {
    const opened = fakeWidgetGlobal();
    const widget = createFluzWidget(api({ token: "t", jti: "j", expiresAt: "x" }), {
      scriptUrl: SCRIPT,
    });
    let heard = 0;
    widget.on("success", () => heard++);
    await widget.open({ amount: 1, transactionType: "DEPOSIT" });
    widget.destroy();
    expect(opened[0]!.closed).toBe(true);
    opened[0]!.onEvent("success", {});
    expect(heard).toBe(0);
  });

  it("without a script URL it fails clearly", async () => {
    const widget = createFluzWidget(api({}), undefined);
    await expect(widget.open({ amount: 1, transactionType: "DEPOSIT" })).rejects.toThrow(
      /scriptUrl/,
    );
  });

  it("prefetch() fetches the click's token silently; open() with the same options uses it, once", async () => {
    const opened = fakeWidgetGlobal();
    const calls: unknown[] = [];
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const widget = createFluzWidget(api({ token: "tok-p", jti: "j-p", expiresAt }, calls), {
      scriptUrl: SCRIPT,
    });
    const states: string[] = [];
    widget.on("state", (e) => states.push(e.state));
    const transfer = { amount: "5.00", transactionType: "DEPOSIT" } as const;
    widget.prefetch(transfer);
    expect(states).toEqual([]);
    await widget.open(transfer);
    expect(calls).toHaveLength(1);
    expect(opened[0]!.token).toBe("tok-p");
    await widget.open(transfer);
    expect(calls).toHaveLength(2);
    // Another transfer: the prefetched token is not its own.
    widget.prefetch(transfer);
    await widget.open({ amount: "6.00", transactionType: "DEPOSIT" });
    expect(calls).toEqual([
      ...calls.slice(0, 3),
      { path: "/fluz/pat-token", body: { amount: "6.00", transactionType: "DEPOSIT" } },
    ]);
    expect(calls).toHaveLength(4);
  });

  it("prefetch() without a script URL asks for nothing", () => {
    const calls: unknown[] = [];
    createFluzWidget(api({}, calls), undefined).prefetch({ amount: 1, transactionType: "DEPOSIT" });
    expect(calls).toEqual([]);
  });
});
