import { Agent, request } from "node:http";

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  statuses: Record<number, number>;
}

/**
 * A small closed-loop load generator: `connections` keep-alive connections
 * each send the next request as soon as the last answer ends, for `seconds`.
 * Bounded in time; loopback only.
 */
export async function runLoad(o: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
}): Promise<LoadResult> {
  const connections = o.connections ?? 16;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(o.url);
  if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost")
    throw new Error("loopback only");
  const deadline = performance.now() + (o.seconds ?? 3) * 1000;
  const statuses: Record<number, number> = {};
  let requests = 0;
  let errors = 0;
  const start = performance.now();
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request(url, { method: o.method ?? "POST", headers: o.headers, agent }, (res) => {
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
        res.on("end", () => {
          requests++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(o.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests, errors, seconds, perSecond: requests / seconds, statuses };
}
