import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAdapterCore, live, modalSlot } from "../src/adapters/adapter-core.js";
import { createFluzWidget } from "../src/adapters/fluz.js";
import { createImpactWidget } from "../src/adapters/impact.js";
import { WidgetClientError } from "../src/errors.js";
import { ScriptLoadError, resetScriptCache } from "../src/load-script.js";
import type { TokenApi } from "../src/token-api.js";
import { fakeModalWidget } from "./helpers/fake-modal-widget.js";

/** A token API whose answer waits until `answer()`; records the abort signal it got. */
function pendingTokenApi(response: unknown) {
  const seen: { signal?: AbortSignal | undefined } = {};
  let answer = () => {};
  const api: TokenApi = {
    post(_route, _body, init) {
      seen.signal = init?.signal;
      return new Promise((resolve) => {
        answer = () => resolve(response as never);
      });
    },
  };
  return { api, seen, answer: () => answer() };
}

describe("adapter core", () => {
  it("events carry the provider; a throwing listener breaks neither the others nor the widget", () => {
    vi.useFakeTimers();
    try {
      const core = createAdapterCore("fluz", "Fluz widget");
      const heard: unknown[] = [];
      core.adapter.on("success", () => {
        throw new Error("listener bug");
      });
      const off = core.adapter.on("success", (e) => heard.push(e));
      core.emit("success", { id: "t1" });
      off();
      core.emit("success", { id: "t2" });
      expect(heard).toEqual([{ provider: "fluz", detail: { id: "t1" } }]);
      expect(() => vi.runAllTimers()).toThrow("listener bug");
    } finally {
      vi.useRealTimers();
    }
  });

  it("fail() keeps a WidgetClientError and its code, field, retryAfter and upstreamCode", () => {
    const core = createAdapterCore("jackpot", "Jackpot widget");
    const errors: WidgetClientError[] = [];
    core.adapter.on("error", (e) => errors.push(e.error));
    const original = new WidgetClientError("RATE_LIMITED", "slow down", {
      status: 429,
      field: "amount",
      retryAfter: 7,
      upstreamCode: "u1",
    });
    expect(core.fail(original)).toBe(original);
    const notLoaded = new ScriptLoadError("https://x.example/w.js", "network or HTTP error");
    const script = core.fail(notLoaded);
    const thrown = core.fail("not an error");
    expect(errors).toEqual([original, script, thrown]);
    expect(script).toBe(notLoaded); // a ScriptLoadError is a WidgetClientError
    expect([script.code, script.name]).toEqual(["SCRIPT_LOAD_FAILED", "ScriptLoadError"]);
    expect([thrown.code, thrown.message]).toEqual(["WIDGET_ERROR", "Jackpot widget failed"]);
  });

  it("destroy() aborts a pending operation: it rejects, reports nothing and opens nothing", async () => {
    const core = createAdapterCore("gr4vy", "Gr4vy Embed");
    const errors: unknown[] = [];
    core.adapter.on("error", (e) => errors.push(e));
    let release = () => {};
    let reached = false;
    let signal: AbortSignal | undefined;
    const pending = core.run(async (s) => {
      signal = s;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      live(s);
      reached = true;
    });
    core.adapter.destroy();
    release();
    await expect(pending).rejects.toMatchObject({
      code: "WIDGET_ERROR",
      message: "Gr4vy Embed was destroyed",
    });
    expect(signal?.aborted).toBe(true);
    expect(reached).toBe(false);
    expect(errors).toEqual([]);
    // The adapter still works after destroy().
    await expect(core.run(async () => 42)).resolves.toBe(42);
  });

  it("modalSlot shows one modal at a time and destroy() closes the one showing", () => {
    const core = createAdapterCore("fluz", "Fluz widget");
    const show = modalSlot(core, "Fluz widget error");
    const closed: string[] = [];
    const events: string[] = [];
    for (const t of ["open", "close", "success", "error"] as const)
      core.adapter.on(t, () => events.push(t));
    let report: (type: string, detail?: Record<string, unknown>) => void = () => {};
    show((onEvent) => {
      report = onEvent;
      return { close: () => closed.push("first") };
    });
    report("open");
    show(() => ({ close: () => closed.push("second") }));
    expect(closed).toEqual(["first"]);
    report("close"); // the first modal's late close does not forget the second
    core.adapter.destroy();
    expect(closed).toEqual(["first", "second"]);
    expect(events).toEqual(["open", "close"]);
  });
});

describe("destroy() while a token request is pending", () => {
  const SCRIPT = "https://sandbox.example/fluz/widget.js";
  beforeEach(() => resetScriptCache());
  afterEach(() => {
    Reflect.deleteProperty(window, "FluzWidget");
    for (const s of Array.from(document.querySelectorAll("script"))) s.remove();
  });

  it("Fluz: the request is aborted and no modal opens", async () => {
    const opened = fakeModalWidget("FluzWidget", SCRIPT);
    const { api, seen, answer } = pendingTokenApi({ token: "t", jti: "j", expiresAt: "x" });
    const widget = createFluzWidget(api, { scriptUrl: SCRIPT });
    const open = widget.open({ amount: 5, transactionType: "DEPOSIT" });
    await Promise.resolve();
    widget.destroy();
    expect(seen.signal?.aborted).toBe(true);
    answer();
    await expect(open).rejects.toMatchObject({ code: "WIDGET_ERROR" });
    expect(opened).toEqual([]);
  });

  it("impact.com: nothing is mounted and the token is not kept", async () => {
    const root = document.createElement("div");
    const { api, answer } = pendingTokenApi({
      token: "t",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const widget = createImpactWidget(api, { tenantAlias: "t", scriptUrl: "/squatch.js" });
    const mount = widget.mount(root, { widget: "p/program/w/referrerWidget" });
    await Promise.resolve();
    widget.destroy();
    answer();
    await expect(mount).rejects.toMatchObject({ code: "WIDGET_ERROR" });
    expect(root.children).toHaveLength(0);
  });

  describe("state", () => {
    const states = (core: ReturnType<typeof createAdapterCore>) => {
      const seen: string[] = [];
      core.adapter.on("state", ({ state, error }) =>
        seen.push(error ? `${state}:${error.code}` : state),
      );
      return seen;
    };

    it("loading while an operation runs, open when it resolved, idle after close or success", async () => {
      const core = createAdapterCore("fluz", "Fluz widget");
      const seen = states(core);
      expect(core.adapter.state).toBe("idle");
      const pending = core.run(async () => {
        expect(core.adapter.state).toBe("loading");
        return 1;
      });
      await pending;
      expect(core.adapter.state).toBe("open");
      core.emit("open"); // already open: no second event
      core.emit("success", { id: "t1" });
      core.emit("close");
      expect(seen).toEqual(["loading", "open", "idle"]);
      expect(core.adapter.error).toBeUndefined();
    });

    it("error with the failure when an operation fails; the next one clears it", async () => {
      const core = createAdapterCore("jackpot", "Jackpot widget");
      const seen = states(core);
      const refused = new WidgetClientError("UNAUTHENTICATED", "Sign in", { status: 401 });
      await expect(core.run(() => Promise.reject(refused))).rejects.toBe(refused);
      expect(core.adapter.state).toBe("error");
      expect(core.adapter.error).toBe(refused);
      await core.run(async () => {});
      expect(core.adapter.error).toBeUndefined();
      expect(seen).toEqual(["loading", "error:UNAUTHENTICATED", "loading", "open"]);
    });

    it("a quiet operation (impact's headers) leaves the state alone, even when it fails", async () => {
      const core = createAdapterCore("impact", "impact.com widget");
      const seen = states(core);
      const errors: unknown[] = [];
      core.adapter.on("error", (e) => errors.push(e.error.code));
      await core.run(async () => "h", true);
      await expect(
        core.run(() => Promise.reject(new WidgetClientError("RATE_LIMITED", "slow")), true),
      ).rejects.toMatchObject({ code: "RATE_LIMITED" });
      expect(seen).toEqual([]);
      expect(core.adapter.state).toBe("idle");
      expect(errors).toEqual(["RATE_LIMITED"]);
    });

    it("destroy() reports idle to the listeners it then drops", async () => {
      const core = createAdapterCore("gr4vy", "Gr4vy Embed");
      const seen = states(core);
      await core.run(async () => {});
      core.adapter.destroy();
      expect(core.adapter.state).toBe("idle");
      core.emit("open");
      expect(seen).toEqual(["loading", "open", "idle"]);
      // Still usable: a new listener hears the next change.
      const again = states(core);
      core.emit("close");
      expect(again).toEqual(["idle"]);
    });
  });
});
