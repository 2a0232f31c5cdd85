import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFluzWidget } from "../src/adapters/fluz.js";
import { resetScriptCache } from "../src/load-script.js";
import type { TokenApi } from "../src/token-api.js";

const SCRIPT = "https://sandbox.example/fluz/widget.js";

type OnEvent = (type: string, detail?: Record<string, unknown>) => void;

function fakeWidgetGlobal() {
  const opened: { token: string; onEvent: OnEvent; closed: boolean }[] = [];
  (window as unknown as Record<string, unknown>).FluzWidget = {
    open(o: { token: string; onEvent: OnEvent }) {
      const entry = { ...o, closed: false };
      opened.push(entry);
      return {
        close() {
          entry.closed = true;
        },
      };
    },
  };
  // The script is already on the page, so no network is involved.
  const tag = document.createElement("script");
  tag.setAttribute("src", SCRIPT);
  tag.type = "text/plain";
  document.head.appendChild(tag);
  return opened;
}

function api(response: unknown, calls: unknown[] = []): TokenApi {
  return {
    async post<T>(path: string, body: unknown) {
      calls.push({ path, body });
      if (response instanceof Error) throw response;
      return response as T;
    },
  };
}

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
});
