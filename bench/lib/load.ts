import autocannon from "autocannon";

/** One kind of request in a load; `expect` is the status it must get (default 2xx). */
export interface LoadRequest {
  path: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** A body built anew for each request (a one-time assertion, say). */
  freshBody?: () => string;
  expect?: number;
}

export interface LoadSpec {
  /** `http://127.0.0.1:<port>`: loopback only. */
  base: string;
  /** One request, or a mix each connection cycles through. */
  requests: LoadRequest[];
  connections: number;
  /** Seconds; or `amount`, a number of requests. */
  seconds?: number;
  amount?: number;
}

export interface LoadResult {
  requests: number;
  /** Requests per second. */
  rps: number;
  /** Latency of every answer, ms (float, from autocannon's own timing). */
  p50: number;
  p99: number;
  max: number;
  /** Answers whose status was not the one expected, by status; errors and timeouts as 0. */
  unexpected: Record<number, number>;
  /** The first unexpected answers: method, path, status and the start of the body. */
  samples: string[];
}

const JSON_HEADERS = { "content-type": "application/json", "x-user": "bench-user" };

/**
 * Run autocannon against a server under test and summarize it. Latency
 * percentiles come from every response's own duration (autocannon's
 * histograms round to whole ms and keep only 2xx), and every status is
 * checked against what its request expects.
 *
 * @example
 * const r = await load({ base, requests: [{ path: "/bare", body: "{}" }], connections: 16, seconds: 3 });
 */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const base = new URL(spec.base);
  if (base.hostname !== "127.0.0.1") throw new Error("loopback only");
  const unexpected: Record<number, number> = {};
  const samples: string[] = [];
  const miss = (r: LoadRequest, status: number, body: string) => {
    unexpected[status] = (unexpected[status] ?? 0) + 1;
    if (samples.length < 10) {
      samples.push(`${r.method ?? "POST"} ${r.path} → ${status} ${body.slice(0, 200)}`);
    }
  };
  const requests = spec.requests.map((r) => {
    const expected = r.expect;
    return {
      method: r.method ?? "POST",
      path: r.path,
      headers: { ...JSON_HEADERS, ...r.headers },
      ...(r.body === undefined ? {} : { body: r.body }),
      ...(r.freshBody
        ? {
            setupRequest: (req: autocannon.Request) => ({ ...req, body: r.freshBody?.() }),
          }
        : {}),
      onResponse: (status: number, body: string) => {
        if (expected === undefined ? status < 200 || status > 299 : status !== expected) {
          miss(r, status, String(body ?? ""));
        }
      },
    };
  });
  const durations: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base.origin,
        connections: spec.connections,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 3 }),
        requests: requests as autocannon.Request[],
        timeout: 10,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => {
      durations.push(ms);
    });
  });
  if (result.errors > 0) unexpected[0] = (unexpected[0] ?? 0) + result.errors;
  durations.sort((a, b) => a - b);
  const at = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return {
    requests: durations.length,
    rps: durations.length / (result.duration || 1),
    p50: at(0.5),
    p99: at(0.99),
    max: durations[durations.length - 1] ?? 0,
    unexpected,
    samples,
  };
}

/** Whether a load got only the statuses it expected. */
export const clean = (r: LoadResult) => Object.keys(r.unexpected).length === 0;
