import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
// no-sleep-ok: paces the probe loop below (a kubelet's period), not a wait for a result
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * A real shop process (test/helpers/shutdown-app.ts) under load, sent
 * SIGTERM: its handler is the documented one-call snippet.
 */
const APP = fileURLToPath(new URL("./helpers/shutdown-app.ts", import.meta.url));

interface Shop {
  child: ChildProcess;
  port: number;
  /** Resolves with the next IPC message equal to `message`. */
  next(message: string): Promise<void>;
}

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

async function startShop(deadlineMs: number): Promise<Shop> {
  const child = fork(APP, [], {
    execArgv: ["--import", "tsx", "--conditions=@widget-tokens/source"],
    env: { ...process.env, DEADLINE_MS: String(deadlineMs) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  const next = (message: string) =>
    new Promise<void>((resolve) => {
      const on = (m: unknown) => {
        if (m !== message) return;
        child.off("message", on);
        resolve();
      };
      child.on("message", on);
    });
  const [ready] = (await once(child, "message")) as [{ port: number }];
  return { child, port: ready.port, next };
}

interface Outcome {
  /** The whole request had been handed to the OS before SIGTERM was sent. */
  sentBeforeSigterm: boolean;
  status?: number | undefined;
  connection?: string | undefined;
  body?: string | undefined;
  error?: string | undefined;
}

/** What the test has done so far: requests sent after this are "after SIGTERM". */
const clock = { sigtermSent: false };

function send(port: number, agent: Agent, path: string, user?: string): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const outcome: Outcome = { sentBeforeSigterm: false };
    const body = user ? JSON.stringify({ amount: "5.00", transactionType: "DEPOSIT" }) : undefined;
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        agent,
        method: body ? "POST" : "GET",
        headers: body
          ? {
              "content-type": "application/json",
              "x-test-user": user,
              "content-length": body.length,
            }
          : {},
      },
      (res) => {
        outcome.status = res.statusCode;
        outcome.connection = String(res.headers.connection);
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ ...outcome, body: text }));
        res.on("error", (err) => resolve({ ...outcome, error: (err as { code?: string }).code }));
      },
    );
    req.on("finish", () => {
      outcome.sentBeforeSigterm = !clock.sigtermSent;
    });
    req.on("error", (err) =>
      resolve({ ...outcome, error: (err as { code?: string }).code ?? "error" }),
    );
    req.end(body);
  });
}

/** Requests one after another on one keep-alive connection, until one fails or `stop()`. */
function loop(port: number, path: string, user: string | undefined, pauseMs: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const outcomes: Outcome[] = [];
  let stopped = false;
  let warmed!: () => void;
  const warm = new Promise<void>((r) => {
    warmed = r;
  });
  const done = (async () => {
    while (!stopped) {
      const outcome = await send(port, agent, path, user);
      outcomes.push(outcome);
      if (outcomes.length === 3) warmed();
      if (outcome.error) break;
      // no-sleep-ok: the probe's period, as a kubelet polls; the test waits on outcomes
      if (pauseMs > 0) await delay(pauseMs);
    }
    agent.destroy();
  })();
  return {
    outcomes,
    warm,
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

describe("shutdown({ server }) in a real process under load", () => {
  it("answers every request that arrived before SIGTERM and exits well within the deadline, though a probe polls every 20 ms on keep-alive", async () => {
    clock.sigtermSent = false;
    const deadlineMs = 8000;
    const shop = await startShop(deadlineMs);
    const probe = loop(shop.port, "/readyz", undefined, 20);
    const load = [1, 2, 3, 4].map((i) =>
      loop(shop.port, "/widget-tokens/fluz/pat-token", `u${i}`, 0),
    );
    await Promise.all([probe.warm, ...load.map((l) => l.warm)]);

    // Two token requests in flight: minted, held before their answer.
    const heldAgent = new Agent({ keepAlive: true });
    const holding = shop.next("held").then(() => shop.next("held"));
    const held = [
      send(shop.port, heldAgent, "/widget-tokens/fluz/pat-token", "hold-1"),
      send(shop.port, heldAgent, "/widget-tokens/fluz/pat-token", "hold-2"),
    ];
    await holding;

    const exited = once(shop.child, "exit");
    const received = shop.next("sigterm");
    const started = performance.now();
    clock.sigtermSent = true;
    shop.child.kill("SIGTERM");
    await received;
    shop.child.send("release");
    const [code] = (await exited) as [number | null];
    const tookMs = performance.now() - started;
    const answeredHeld = await Promise.all(held);
    await Promise.all([probe.stop(), ...load.map((l) => l.stop())]);
    heldAgent.destroy();

    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(deadlineMs);
    // The in-flight token requests finished, and told their client to go elsewhere next.
    for (const answer of answeredHeld) {
      expect(answer.status).toBe(201);
      expect(JSON.parse(answer.body ?? "{}")).toMatchObject({ token: expect.any(String) });
      expect(answer.connection).toBe("close");
    }
    // No request handed over before SIGTERM was reset: each got a whole answer.
    const before = [...probe.outcomes, ...load.flatMap((l) => l.outcomes)].filter(
      (o) => o.sentBeforeSigterm,
    );
    expect(before.length).toBeGreaterThan(15);
    expect(before.filter((o) => o.error !== undefined)).toEqual([]);
    for (const o of before) expect([200, 201, 503]).toContain(o.status);
    // The probe's keep-alive connection was closed after at most one answer from the draining
    // shop (an app route already running when SIGTERM landed is closed right after its answer).
    const probeAfter = probe.outcomes.filter((o) => !o.sentBeforeSigterm && o.status !== undefined);
    expect(probeAfter.length).toBeLessThanOrEqual(1);
  }, 60_000);

  it("destroys what is still open at the deadline and exits", async () => {
    clock.sigtermSent = false;
    const deadlineMs = 1500;
    const shop = await startShop(deadlineMs);
    const probe = loop(shop.port, "/readyz", undefined, 20);
    await probe.warm;
    const heldAgent = new Agent({ keepAlive: true });
    const holding = shop.next("held");
    // Never released: only the deadline ends it.
    const held = send(shop.port, heldAgent, "/widget-tokens/fluz/pat-token", "hold-1");
    await holding;

    const exited = once(shop.child, "exit");
    const started = performance.now();
    clock.sigtermSent = true;
    shop.child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    const tookMs = performance.now() - started;
    const straggler = await held;
    await probe.stop();
    heldAgent.destroy();

    expect(code).toBe(0);
    expect(tookMs).toBeGreaterThanOrEqual(deadlineMs - 50);
    // The deadline, plus the process's own exit on a loaded machine.
    expect(tookMs).toBeLessThan(deadlineMs + 3000);
    expect(straggler.status).toBeUndefined();
    expect(straggler.error).toBeDefined();
  }, 60_000);
});
