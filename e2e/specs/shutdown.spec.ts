import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

/**
 * SIGTERM under load: the demo process drains (its SIGTERM handler calls the
 * middleware's draining `close()` and `server.close()`), so every request the
 * server accepted gets a complete answer (201, or 503 SHUTTING_DOWN), and every
 * transfer token recorded by `onIssued` was answered. No browser: plain HTTP,
 * one connection per request, so "accepted" is unambiguous.
 */

/** What became of one request. */
type Outcome =
  | { kind: "answered"; status: number; code?: string }
  | { kind: "not accepted"; error: string }
  | { kind: "dropped"; error: string };

const USERS = ["drain-1", "drain-2", "drain-3", "drain-4", "drain-5"];
/** Within the demo's default rate limits: 30 a minute per user, 120 per IP. */
const MAX_REQUESTS = 100;
const CONCURRENCY = 20;
/** SIGTERM once this many were sent (and some are in flight). */
const SIGTERM_AFTER = 40;

/** Every stdout line of the child, and a way to wait for one. */
function lines(child: ChildProcess) {
  const seen: string[] = [];
  const waiters: { match: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    seen.push(line);
    for (const w of [...waiters]) {
      const m = line.match(w.match);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  return {
    seen,
    waitFor: (match: RegExp) =>
      new Promise<RegExpMatchArray>((resolve) => {
        const m = seen.map((l) => l.match(match)).find(Boolean);
        if (m) resolve(m);
        else waiters.push({ match, resolve });
      }),
  };
}

/** One HTTP exchange on its own connection; never rejects. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome & { headers?: Record<string, string | string[] | undefined>; body?: string }> {
  return new Promise((resolve) => {
    let written = false;
    const req = request(url, { method, headers, agent: false });
    req.on("finish", () => {
      written = true;
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      const error = err.code ?? err.message;
      resolve(written ? { kind: "dropped", error } : { kind: "not accepted", error });
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err: NodeJS.ErrnoException) =>
        resolve({ kind: "dropped", error: `body: ${err.code ?? err.message}` }),
      );
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const length = Number(res.headers["content-length"] ?? Number.NaN);
        if (Number.isFinite(length) && Buffer.byteLength(text) !== length) {
          resolve({ kind: "dropped", error: "truncated body" });
          return;
        }
        let code: string | undefined;
        if (res.headers["content-type"]?.includes("json")) {
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            resolve({ kind: "dropped", error: "unparsable body" });
            return;
          }
        }
        resolve({
          kind: "answered",
          status: res.statusCode ?? 0,
          ...(code ? { code } : {}),
          headers: res.headers,
          body: text,
        });
      });
    });
    req.end(body);
  });
}

test("SIGTERM under load: nothing in flight is dropped, every minted token is answered", async () => {
  test.setTimeout(60_000);
  const main = fileURLToPath(new URL("../../demo/dist/main.js", import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, PORT: "0", SANDBOX_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    const out = lines(child);
    const [, url] = await out.waitFor(/^demo: shop on (http:\/\/\S+)/);

    // Sign in through the demo's own form: its session cookie identifies the shopper.
    const cookies: string[] = [];
    for (const id of USERS) {
      const res = await send(
        `${url}/sign-in`,
        "POST",
        { "content-type": "application/x-www-form-urlencoded" },
        new URLSearchParams({ userId: id, firstName: "Load", lastName: "Test" }).toString(),
      );
      expect(res.kind === "answered" && res.status).toBe(303);
      const setCookie = [res.headers?.["set-cookie"] ?? []].flat();
      cookies.push(setCookie.map((c) => c.split(";")[0]).join("; "));
    }

    const outcomes: Outcome[] = [];
    let sent = 0;
    let inFlight = 0;
    let terminated = false;
    let inFlightAtSigterm = 0;
    let stop = false;
    let finished!: () => void;
    const done = new Promise<void>((r) => {
      finished = r;
    });

    const launch = () => {
      while (!stop && inFlight < CONCURRENCY && sent < MAX_REQUESTS) {
        const cookie = cookies[sent % cookies.length]!;
        sent++;
        inFlight++;
        const transactionType = "DEPOSIT";
        void send(
          `${url}/widget-tokens/fluz/pat-token`,
          "POST",
          { "content-type": "application/json", cookie },
          JSON.stringify({ amount: "1.00", transactionType }),
        ).then((outcome) => {
          inFlight--;
          outcomes.push(outcome);
          // Like a load balancer: once the instance says it is going, send it nothing new.
          if (terminated && !(outcome.kind === "answered" && outcome.status === 201)) stop = true;
          if (!terminated && sent >= SIGTERM_AFTER && inFlight > 0) {
            terminated = true;
            inFlightAtSigterm = inFlight;
            child.kill("SIGTERM");
          }
          launch();
          if (inFlight === 0) finished();
        });
      }
      if (inFlight === 0) finished();
    };
    launch();
    await done;

    const tally = new Map<string, number>();
    for (const o of outcomes) {
      const k = o.kind === "answered" ? `${o.status} ${o.code ?? ""}` : `${o.kind} ${o.error}`;
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
    test.info().annotations.push({
      type: "outcomes",
      description: JSON.stringify({ sent, inFlightAtSigterm, tally: Object.fromEntries(tally) }),
    });
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const [, issued, answered] = await out.waitFor(
      /^demo: drained; issued (\d+) transfer tokens, answered (\d+)$/,
    );

    expect(terminated).toBe(true);
    expect(inFlightAtSigterm).toBeGreaterThan(0);
    const dropped = outcomes.filter((o) => o.kind === "dropped");
    expect(dropped).toEqual([]);
    const answers = outcomes.filter((o) => o.kind === "answered");
    const ok = answers.filter((o) => o.status === 201);
    const refused = answers.filter((o) => o.status !== 201);
    // Every answer is a token or the documented refusal; nothing else.
    expect(refused.map((o) => `${o.status} ${o.code}`)).toEqual(
      refused.map(() => "503 SHUTTING_DOWN"),
    );
    expect(ok.length).toBeGreaterThanOrEqual(SIGTERM_AFTER - CONCURRENCY);
    // Zero tokens minted without an answer: onIssued ran exactly once per 201 received.
    expect(Number(issued)).toBe(ok.length);
    expect(Number(answered)).toBe(ok.length);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  }
});
