import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Cluster, type ClusterOptions, Redis } from "ioredis";
import { redisServerBinary } from "./redis-server.js";

/**
 * Local Redis processes for the Cluster and Sentinel tests (server/test/redis-cluster/):
 * Debian's `redis-server` (and `redis-cli`, package redis-tools, a dependency
 * of redis-server) on free loopback ports, in temp dirs, no persistence.
 */

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** `redis-cli` next to `redis-server` (same Debian install), else from PATH. */
function redisCliBinary(): string {
  const server = redisServerBinary();
  return server.endsWith("redis-server") ? join(dirname(server), "redis-cli") : "redis-cli";
}

/** `n` distinct free loopback ports (all held open at once, so none repeats). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer();
      servers.push(server);
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** One `redis-server` child process. */
export interface RedisProcess {
  port: number;
  /** SIGKILL (a crash); resolves once it has exited. */
  kill(): Promise<void>;
  readonly alive: boolean;
}

/** Spawn `redis-server <args>` and wait until `port` answers PING. */
export async function spawnRedis(args: string[], port: number): Promise<RedisProcess> {
  const proc = spawn(redisServerBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(proc);
  let output = "";
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
  for (;;) {
    if (!exited && (await command(port, ["PING"]).catch(() => null)) === "PONG") break;
    if (exited || Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`redis-server did not answer on 127.0.0.1:${port}: ${output.trim()}`);
    }
    // no-sleep-ok: polls PING until the new process answers (it signals nothing); the deadline bounds it
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    get alive() {
      return !exited;
    },
    async kill() {
      if (exited) return;
      const done = once(proc, "exit");
      proc.kill("SIGKILL");
      await done;
    },
  };
}

/** One command on a short-lived connection (no retries, no queue); its reply. */
export async function command(port: number, args: string[]): Promise<unknown> {
  const client = new Redis({
    host: "127.0.0.1",
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    const [name, ...rest] = args as [string, ...string[]];
    return await client.call(name, ...rest);
  } finally {
    client.disconnect();
  }
}

/** Poll `check` until it returns a value other than undefined (a state, not a time). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`,
      );
    }
    // no-sleep-ok: the poll interval of a wait for a cluster state (Redis signals nothing); the deadline bounds it
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A line of `CLUSTER NODES`. */
interface ClusterNodeLine {
  id: string;
  port: number;
  flags: string[];
  masterId: string | null;
  slots: string[];
}

function parseNodes(text: string): ClusterNodeLine[] {
  return text
    .trim()
    .split("\n")
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.trim().split(" ");
      return {
        id: id!,
        port: Number(address!.split("@")[0]!.split(":")[1]),
        flags: flags!.split(","),
        masterId: master === "-" ? null : master!,
        slots,
      };
    });
}

/** Whether every replica of the server on `port` (if it is a master) has its whole stream. */
export async function replicasCaughtUp(port: number): Promise<boolean> {
  const info = String(await command(port, ["INFO", "replication"]));
  if (!info.includes("role:master")) return true;
  const offset = Number(/master_repl_offset:(\d+)/.exec(info)?.[1]);
  const replicas = [...info.matchAll(/^slave\d+:.*offset=(\d+)/gm)].map((m) => Number(m[1]));
  return replicas.every((o) => o >= offset);
}

export interface TestRedisCluster {
  /** Every node (masters first, as created), whether alive or killed. */
  nodes: RedisProcess[];
  startupNodes: { host: string; port: number }[];
  /**
   * A Cluster client set up as docs/scaling.md tells merchants to: no offline
   * queue, no per-node retries, short reconnection back-off.
   */
  client(options?: ClusterOptions): Cluster;
  /** `CLUSTER NODES`, as seen by a live node. */
  clusterNodes(): Promise<ClusterNodeLine[]>;
  /** The port of the master serving `key`'s slot now. */
  masterPortOf(key: string): Promise<number>;
  /** SIGKILL one node; its replicas wait for `waitForFailover` before they take over. */
  kill(port: number): Promise<void>;
  /**
   * Let the replicas of the killed master `port` take over (kill holds them
   * back), and wait until one of them is a master serving its
   * slots, and every live node says `cluster_state:ok`; the new master's port.
   */
  waitForFailover(port: number): Promise<number>;
  /** Wait until every live replica has every write its master acknowledged. */
  waitForReplication(): Promise<void>;
  /** Keys matching `pattern` on every live master. */
  keys(pattern: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The client options docs/scaling.md recommends for a store's Cluster client. */
const STORE_CLUSTER_OPTIONS: ClusterOptions = {
  enableOfflineQueue: false,
  scaleReads: "master",
  clusterRetryStrategy: (times) => Math.min(times * 100, 1000),
  redisOptions: {
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 1000,
  },
};

/**
 * Start a Redis Cluster of `masters` masters with one replica each
 * (`redis-cli --cluster create … --cluster-replicas 1`), node timeout 1 s, and
 * wait until every node says `cluster_state:ok` and every replica is in sync.
 * Call `close()` in `afterAll`.
 *
 * @example
 * const cluster = await startRedisCluster();
 * const client = cluster.client();
 * const store = redisStore({ client });
 */
export async function startRedisCluster({ masters = 3 } = {}): Promise<TestRedisCluster> {
  const count = masters * 2;
  const dir = mkdtempSync(join(tmpdir(), "widget-tokens-cluster-"));
  const ports = await freePorts(count * 2);
  const nodes: RedisProcess[] = [];
  const clients = new Set<Cluster>();
  const close = async () => {
    for (const c of clients) c.disconnect();
    await Promise.all(nodes.map((n) => n.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const port = ports[i]!;
        const nodeDir = join(dir, String(port));
        mkdirSync(nodeDir);
        // biome-ignore format: one option per line
        return spawnRedis([
          "--port", String(port),
          "--cluster-port", String(ports[count + i]),
          "--bind", "127.0.0.1",
          "--dir", nodeDir,
          "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "1000",
          // A replica always stands for election, however long it was cut off.
          "--cluster-replica-validity-factor", "0",
          "--save", "",
          "--appendonly", "no",
          // Replicas sync at once (the default waits 5 s for more replicas).
          "--repl-diskless-sync-delay", "0",
          "--logfile", "",
          "--loglevel", "warning",
        ], port);
      }),
    );
    nodes.push(...started);
    await new Promise<void>((resolve, reject) => {
      execFile(
        redisCliBinary(),
        [
          "--cluster",
          "create",
          ...ports.slice(0, count).map((p) => `127.0.0.1:${p}`),
          "--cluster-replicas",
          "1",
          "--cluster-yes",
        ],
        { timeout: 30_000 },
        (err, stdout, stderr) =>
          err
            ? reject(new Error(`redis-cli --cluster create failed: ${stdout}${stderr}`))
            : resolve(),
      );
    });
    await waitFor("cluster_state:ok and replicas in sync", async () => {
      for (const node of nodes) {
        const info = String(await command(node.port, ["CLUSTER", "INFO"]));
        if (!info.includes("cluster_state:ok")) return undefined;
        const lines = parseNodes(String(await command(node.port, ["CLUSTER", "NODES"])));
        if (lines.length !== count || lines.some((l) => l.flags.includes("handshake"))) {
          return undefined;
        }
        const replication = String(await command(node.port, ["INFO", "replication"]));
        if (replication.includes("role:slave") && !replication.includes("master_link_status:up")) {
          return undefined;
        }
      }
      return true;
    });
  } catch (err) {
    await close();
    throw err;
  }

  const live = () => nodes.filter((n) => n.alive);
  const replicasOf = new Map<number, number[]>();
  const clusterNodes = async () => {
    for (const node of live()) {
      try {
        return parseNodes(String(await command(node.port, ["CLUSTER", "NODES"])));
      } catch {
        // ask the next one
      }
    }
    throw new Error("no live cluster node answered");
  };

  return {
    nodes,
    startupNodes: nodes.map((n) => ({ host: "127.0.0.1", port: n.port })),
    client(options = {}) {
      const live = nodes.filter((n) => n.alive).map((n) => ({ host: "127.0.0.1", port: n.port }));
      const client = new Cluster(live, {
        ...STORE_CLUSTER_OPTIONS,
        ...options,
        redisOptions: { ...STORE_CLUSTER_OPTIONS.redisOptions, ...options.redisOptions },
      });
      client.on("error", () => {});
      clients.add(client);
      client.once("end", () => clients.delete(client));
      return client;
    },
    clusterNodes,
    async masterPortOf(key) {
      const slot = Number(await command(live()[0]!.port, ["CLUSTER", "KEYSLOT", key]));
      for (const line of await clusterNodes()) {
        if (!line.flags.includes("master") || line.flags.includes("fail")) continue;
        for (const range of line.slots) {
          const [from, to = from] = range.split("-").map(Number) as [number, number?];
          if (slot >= from && slot <= (to as number)) return line.port;
        }
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node) throw new Error(`no node on port ${port}`);
      const lines = await clusterNodes();
      const id = lines.find((l) => l.port === port)?.id;
      const replicas = lines.filter((l) => l.masterId === id).map((l) => l.port);
      replicasOf.set(port, replicas);
      // The master stays dead, unreplaced, until the test calls waitForFailover:
      // on a loaded machine the node timeout could otherwise promote a replica
      // before the test has looked at the outage. (Validity factor 0: a replica
      // held back a while may still take over.)
      for (const replica of replicas) {
        await command(replica, ["CONFIG", "SET", "cluster-replica-no-failover", "yes"]);
        await command(replica, ["CONFIG", "SET", "cluster-replica-validity-factor", "0"]);
      }
      await node.kill();
    },
    async waitForFailover(port) {
      const replicas = replicasOf.get(port) ?? [];
      for (const replica of replicas) {
        await command(replica, ["CONFIG", "SET", "cluster-replica-no-failover", "no"]);
      }
      return waitFor(`a replica of :${port} promoted`, async () => {
        const lines = await clusterNodes();
        const dead = lines.find((l) => l.port === port);
        if (dead === undefined || dead.slots.length > 0) return undefined;
        const promoted = lines.find(
          (l) => replicas.includes(l.port) && l.flags.includes("master") && l.slots.length > 0,
        );
        if (promoted === undefined) return undefined;
        for (const node of live()) {
          const info = String(await command(node.port, ["CLUSTER", "INFO"]));
          if (!info.includes("cluster_state:ok")) return undefined;
        }
        return promoted.port;
      });
    },
    async waitForReplication() {
      await waitFor("replicas caught up", async () => {
        for (const node of live()) {
          if (!(await replicasCaughtUp(node.port))) return undefined;
        }
        return true;
      });
    },
    async keys(pattern) {
      const lines = await clusterNodes();
      const masters = lines.filter((l) => l.flags.includes("master") && !l.flags.includes("fail"));
      const found = await Promise.all(
        masters.map((m) => command(m.port, ["KEYS", pattern]) as Promise<string[]>),
      );
      return found.flat();
    },
    close,
  };
}
