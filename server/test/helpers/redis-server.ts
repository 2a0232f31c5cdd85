import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { constants, accessSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** A `redis-server` child process on a free loopback port, for one test file. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stop it (SIGTERM: clean shutdown; SIGKILL: a crash). The port stays reserved for `start`. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Start it again on the same port (and the same data directory). */
  start(): Promise<void>;
  /** Freeze it (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  resume(): void;
  /** Stop for good and remove the data directory. Safe to call twice. */
  close(): Promise<void>;
}

export interface TestRedisOptions {
  /**
   * Append-only file with an fsync per write, so a stop (even SIGKILL) loses
   * nothing already acknowledged. Default false: no persistence at all.
   */
  persistent?: boolean;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Find Debian's `redis-server`: $REDIS_SERVER when set (and only it), else
 * PATH, else /usr/bin. Throws a clear error when it is missing: the Redis
 * tests never skip.
 */
export function redisServerBinary(): string {
  const explicit = process.env.REDIS_SERVER;
  const candidates = explicit
    ? [explicit]
    : [
        ...(process.env.PATH ?? "").split(delimiter).map((dir) => dir && join(dir, "redis-server")),
        "/usr/bin/redis-server",
      ].filter((c): c is string => typeof c === "string" && c.length > 0);
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  const where = explicit ? "$REDIS_SERVER" : "PATH and /usr/bin/redis-server";
  const fix = "install Debian's package (apt-get install redis-server); .ci/run installs it in CI";
  throw new Error(
    `redis-server was not found (looked at ${where}). The Redis tests need it: ${fix}.`,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** One PING over a raw socket; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/**
 * Start `redis-server` on a free 127.0.0.1 port and wait until it answers
 * PING. Call `close()` in `afterAll`.
 *
 * @example
 * const redis = await startRedisServer();
 * const store = redisStore({ url: redis.url });
 * afterAll(() => redis.close());
 */
export async function startRedisServer(options: TestRedisOptions = {}): Promise<TestRedis> {
  const binary = redisServerBinary();
  const dir = mkdtempSync(join(tmpdir(), "widget-tokens-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;
  let output = "";

  const args = (p: number) => [
    "--port",
    String(p),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--daemonize",
    "no",
    "--logfile",
    "",
    "--loglevel",
    "warning",
    ...(options.persistent
      ? ["--appendonly", "yes", "--appendfsync", "always"]
      : ["--appendonly", "no"]),
  ];

  async function launch(p: number): Promise<void> {
    output = "";
    const proc = spawn(binary, args(p), { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    running.add(proc);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    let exited = false;
    proc.once("exit", () => {
      exited = true;
      running.delete(proc);
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (exited) break;
      if (await ping(p)) return;
      // no-sleep-ok: polls PING until the new process answers (it signals nothing); the deadline bounds it
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill("SIGKILL");
    throw new Error(
      `redis-server did not answer PING on 127.0.0.1:${p}${exited ? " (it exited)" : ""}: ${output.trim()}`,
    );
  }

  async function stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, "exit");
    proc.kill("SIGCONT"); // a paused server cannot handle SIGTERM
    proc.kill(signal);
    await exited;
  }

  // A port freed by another process can be taken between probe and bind: retry.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch(port);
      break;
    } catch (err) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async start() {
      if (child !== undefined) throw new Error("redis-server is already running");
      await launch(port);
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async close() {
      await stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
