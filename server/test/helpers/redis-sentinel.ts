import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import {
  type RedisProcess,
  command,
  freePorts,
  replicasCaughtUp,
  spawnRedis,
  waitFor,
} from "./redis-cluster.js";

export interface TestRedisSentinel {
  /** The name the sentinel monitors the master under. */
  name: string;
  sentinels: { host: string; port: number }[];
  master: RedisProcess;
  replica: RedisProcess;
  sentinel: RedisProcess;
  /**
   * A client that finds the master through the sentinel, set up as
   * docs/scaling.md tells merchants to (no offline queue, no retries).
   */
  client(options?: RedisOptions): Redis;
  /** Wait until the replica has every write the master acknowledged. */
  waitForReplication(): Promise<void>;
  /**
   * SIGKILL the master (resolves once it has exited); `promoted` resolves with
   * the new master's port on the sentinel's `+switch-master` (heard on its
   * pub/sub channel), once that server takes writes.
   */
  killMaster(): Promise<{ promoted: Promise<number> }>;
  close(): Promise<void>;
}

/**
 * One master, one replica and one sentinel (`redis-server --sentinel`) on
 * loopback ports; the sentinel declares the master down after 1 s. Resolves
 * once the replica is in sync and the sentinel knows it.
 */
export async function startRedisSentinel(): Promise<TestRedisSentinel> {
  const name = "widget-tokens";
  const dir = mkdtempSync(join(tmpdir(), "widget-tokens-sentinel-"));
  const [masterPort, replicaPort, sentinelPort] = (await freePorts(3)) as [number, number, number];
  const processes: RedisProcess[] = [];
  const clients = new Set<Redis>();
  const close = async () => {
    for (const c of clients) c.disconnect();
    await Promise.all(processes.map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  // biome-ignore format: one option per line
  const server = (port: number, extra: string[] = []) => [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--dir", dir,
    "--dbfilename", `dump-${port}.rdb`,
    "--save", "",
    "--appendonly", "no",
    // The replica syncs at once (the default waits 5 s for more replicas).
    "--repl-diskless-sync-delay", "0",
    "--logfile", "",
    "--loglevel", "warning",
    ...extra,
  ];
  try {
    const master = await spawnRedis(server(masterPort), masterPort);
    processes.push(master);
    const replica = await spawnRedis(
      server(replicaPort, ["--replicaof", "127.0.0.1", String(masterPort)]),
      replicaPort,
    );
    processes.push(replica);
    await waitFor("the replica in sync", async () => {
      const info = String(await command(replicaPort, ["INFO", "replication"]));
      return info.includes("master_link_status:up") ? true : undefined;
    });
    // The sentinel rewrites its config file: it gets its own.
    const config = join(dir, "sentinel.conf");
    writeFileSync(
      config,
      [
        `port ${sentinelPort}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        'logfile ""',
        "loglevel warning",
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 10000`,
        `sentinel parallel-syncs ${name} 1`,
        "",
      ].join("\n"),
    );
    const sentinel = await spawnRedis([config, "--sentinel"], sentinelPort);
    processes.push(sentinel);
    await waitFor("the sentinel to know the replica", async () => {
      const replicas = (await command(sentinelPort, ["SENTINEL", "REPLICAS", name])) as string[][];
      const known = replicas.some((fields) => {
        const at = (k: string) => fields[fields.indexOf(k) + 1];
        return at("port") === String(replicaPort) && at("flags") === "slave";
      });
      return known ? true : undefined;
    });

    const sentinels = [{ host: "127.0.0.1", port: sentinelPort }];
    return {
      name,
      sentinels,
      master,
      replica,
      sentinel,
      client(options = {}) {
        const client = new Redis({
          sentinels,
          name,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          autoResendUnfulfilledCommands: false,
          connectTimeout: 1000,
          retryStrategy: (times) => Math.min(times * 100, 1000),
          sentinelRetryStrategy: (times) => Math.min(times * 100, 1000),
          ...options,
        });
        client.on("error", () => {});
        clients.add(client);
        client.once("end", () => clients.delete(client));
        return client;
      },
      async waitForReplication() {
        await waitFor("the replica caught up", async () =>
          (await replicasCaughtUp(masterPort)) ? true : undefined,
        );
      },
      async killMaster() {
        const events = new Redis({ host: "127.0.0.1", port: sentinelPort, lazyConnect: true });
        events.on("error", () => {});
        await events.connect();
        const switched = new Promise<number>((resolve) => {
          events.on("message", (_channel: string, message: string) => {
            // "<name> <old ip> <old port> <new ip> <new port>"
            const [master, , , , port] = message.split(" ");
            if (master === name) resolve(Number(port));
          });
        });
        await events.subscribe("+switch-master");
        await master.kill();
        const promoted = (async () => {
          try {
            const port = await switched;
            await waitFor("the promoted replica to take writes", async () => {
              const info = String(await command(port, ["INFO", "replication"]));
              return info.includes("role:master") ? true : undefined;
            });
            return port;
          } finally {
            events.disconnect();
          }
        })();
        promoted.catch(() => {});
        return { promoted };
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
