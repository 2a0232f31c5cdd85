import {
  DEFAULT_WAIT_MS,
  type FaultFilter,
  type FaultRule,
  type ReceivedToken,
  type ResetCounts,
  SANDBOX_PROVIDERS,
  SandboxError,
  type SandboxErrorCode,
  type SandboxProviderId,
} from "@widget-tokens/sandbox";
import type { SandboxClient } from "./sandbox-client.js";

/** The longest wait one `GET /__inspect/next` may ask for; longer waits ask again. */
const LONGEST_POLL_MS = 60_000;

/** A `since` no token reaches: `GET /__inspect` then answers only the cursor. */
const NO_TOKENS = "999999999999999";

const ERROR_CODES: ReadonlySet<string> = new Set<SandboxErrorCode>([
  "INVALID_OPTIONS",
  "UNKNOWN_PROVIDER",
  "INVALID_FAULT",
  "INVALID_FILTER",
  "INVALID_RESET",
  "INSPECT_TIMEOUT",
  "SANDBOX_CLOSED",
]);

export interface ConnectSandboxOptions {
  /** The `fetch` to call the sandbox with. Default: the global one. */
  fetch?: typeof fetch;
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the sandbox's JSON answers, read field by field
  json: any;
}

/** `?a=1&b=x` from the defined values. */
function queryOf(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The origin of a sandbox URL, checked: `http://127.0.0.1:4010/` → `http://127.0.0.1:4010`. */
function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`The sandbox URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`The sandbox URL ${JSON.stringify(url)} must be http or https`);
  }
  return parsed.origin;
}

/**
 * Connect to a sandbox that is already running (`widget-tokens sandbox`, a
 * `startSandbox` in another process, the app under test's own): the same
 * `inspect` and `faults` as in-process, over its HTTP routes (`/__inspect`,
 * the `/__inspect/next` long poll, `/__faults`). Checks first that the URL
 * answers as a widget-tokens sandbox.
 *
 * @example
 * const sandbox = await connectSandbox(process.env.WIDGET_TOKENS_SANDBOX_URL!);
 * const since = await sandbox.inspect.cursor();
 * // … the app opens the Fluz widget …
 * const token = await sandbox.inspect.waitFor({ provider: "fluz", since });
 */
export async function connectSandbox(
  url: string,
  options: ConnectSandboxOptions = {},
): Promise<SandboxClient> {
  const origin = originOf(url);
  const fetchFn = options.fetch ?? fetch;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Answer> => {
    let res: Response;
    try {
      res = await fetchFn(`${origin}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      const cause = err as Error & { cause?: { code?: string; message?: string } };
      const why = cause.cause?.code ?? cause.cause?.message ?? cause.message;
      throw new Error(`The sandbox at ${origin} did not answer ${method} ${path} (${why})`, {
        cause: err,
      });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  };

  const failure = (answer: Answer, what: string): Error => {
    const error = answer.json?.error as { code?: string; message?: string; field?: string };
    if (error?.code && ERROR_CODES.has(error.code)) {
      return new SandboxError(
        error.code as SandboxErrorCode,
        error.message ?? what,
        error.field ?? undefined,
      );
    }
    return new Error(
      `The sandbox at ${origin} answered ${what} with ${answer.status}${error?.message ? `: ${error.message}` : ""}`,
    );
  };

  const index = await call("GET", "/");
  if (index.status !== 200 || index.json?.sandbox !== "widget-tokens") {
    throw new Error(
      `${origin} does not answer as a widget-tokens sandbox (GET / gave ${index.status}): is it the sandbox's URL, not the app's?`,
    );
  }
  const providers = (Array.isArray(index.json.providers) ? index.json.providers : []).filter(
    (p: unknown): p is SandboxProviderId => SANDBOX_PROVIDERS.includes(p as SandboxProviderId),
  );

  const read = async (query: Record<string, string | number | undefined>) => {
    const answer = await call("GET", `/__inspect${queryOf(query)}`);
    if (answer.status !== 200) throw failure(answer, "GET /__inspect");
    return answer.json as { cursor: number; tokens: ReceivedToken[] };
  };
  const cursor = async () => (await read({ since: NO_TOKENS })).cursor;

  return {
    url: origin,
    inspectUrl: `${origin}/__inspect/`,
    providers,
    local: undefined,
    credentials: undefined,
    inspect: {
      tokens: async (filter = {}) => (await read({ ...filter })).tokens,
      cursor,
      async waitFor({ timeoutMs = DEFAULT_WAIT_MS, signal, ...filter } = {}) {
        const since = filter.since ?? (await cursor());
        const deadline = Date.now() + timeoutMs;
        // The first poll asks for the whole wait (up to the longest poll), not
        // for what is left a tick later; a longer wait polls again.
        let left = timeoutMs;
        for (;;) {
          const poll = Math.min(left, LONGEST_POLL_MS);
          const answer = await call(
            "GET",
            `/__inspect/next${queryOf({ ...filter, since, timeoutMs: poll })}`,
            undefined,
            signal,
          );
          if (answer.status === 200) return answer.json.token as ReceivedToken;
          left = Math.max(0, deadline - Date.now());
          if (answer.status === 408 && left > 0 && poll < timeoutMs) continue;
          const error = failure(answer, "GET /__inspect/next");
          // The sandbox names the last poll's ms; the caller asked for timeoutMs.
          if (error instanceof SandboxError && error.code === "INSPECT_TIMEOUT") {
            error.message = error.message.replace(/within \d+ ms/, `within ${timeoutMs} ms`);
          }
          throw error;
        }
      },
      async clear() {
        const answer = await call("DELETE", "/__inspect");
        if (answer.status !== 204) throw failure(answer, "DELETE /__inspect");
      },
    },
    async reset(filter = {}) {
      const answer = await call("POST", "/__reset", filter);
      if (answer.status !== 200) throw failure(answer, "POST /__reset");
      return answer.json as ResetCounts;
    },
    faults: {
      async set(spec) {
        const answer = await call("POST", "/__faults", spec);
        if (answer.status !== 201) throw failure(answer, "POST /__faults");
        return (answer.json.faults as FaultRule[])[0]!;
      },
      async list(filter: FaultFilter = {}) {
        const answer = await call("GET", "/__faults");
        if (answer.status !== 200) throw failure(answer, "GET /__faults");
        return (answer.json.faults as FaultRule[]).filter(
          (rule) =>
            (filter.provider === undefined || rule.provider === filter.provider) &&
            (filter.scope === undefined || rule.scope === filter.scope) &&
            (filter.user === undefined || rule.user === filter.user),
        );
      },
      async remove(id) {
        const answer = await call("DELETE", `/__faults/${encodeURIComponent(id)}`);
        if (answer.status === 204) return true;
        if (answer.status === 404) return false;
        throw failure(answer, "DELETE /__faults/{id}");
      },
      async clear(filter: FaultFilter = {}) {
        const answer = await call("DELETE", `/__faults${queryOf({ ...filter })}`);
        if (answer.status !== 200) throw failure(answer, "DELETE /__faults");
        return answer.json.cleared as number;
      },
    },
  };
}
