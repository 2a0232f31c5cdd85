import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { urlToHttpOptions } from "node:url";
import { WidgetTokensError } from "../errors.js";
import { observeUpstream } from "../observability/upstream.js";

export interface UpstreamClientOptions {
  /** Provider base URL, e.g. https://api.provider.example */
  baseUrl: URL;
  /** Per-request deadline in ms, connect to last byte. */
  timeoutMs: number;
  /** Name used in error messages ("Jackpot"). Never a URL with credentials. */
  name: string;
  /** Concurrent sockets per host. Default 64. */
  maxSockets?: number | undefined;
  /** Largest response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
}

interface UpstreamRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below the base URL, e.g. "/v2/token". */
  path: string;
  headers?: Record<string, string> | undefined;
  /** Sent as JSON when defined. */
  json?: unknown | undefined;
  /** Overrides the client's deadline. */
  timeoutMs?: number | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

/**
 * A transport failure. `sent` says whether the request may have reached the
 * provider: false only when the connection failed before the request was
 * written (refused, DNS, or a reused keep-alive socket the peer had already
 * closed). Callers retry only when `sent` is false.
 */
export class UpstreamTransportError extends WidgetTokensError {
  readonly sent: boolean;
  constructor(
    code: "UPSTREAM_TIMEOUT" | "UPSTREAM_UNAVAILABLE" | "UPSTREAM_ERROR",
    message: string,
    sent: boolean,
    cause?: unknown,
  ) {
    super(code, message, cause === undefined ? {} : { cause });
    this.sent = sent;
  }
}

export interface UpstreamClient {
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Close idle keep-alive sockets. */
  close(): void;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);

/**
 * A JSON client for one provider: keep-alive sockets reused across requests,
 * a hard deadline on every call, transport failures as typed errors.
 *
 * @example
 * const api = createUpstreamClient({ baseUrl: new URL("https://api.example"), timeoutMs: 5000, name: "Example" });
 * const { status, json } = await api.request({ method: "POST", path: "/v2/token", json: { a: 1 } });
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const https = options.baseUrl.protocol === "https:";
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    scheduling: "lifo" as const,
  };
  const agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = https ? httpsRequest : httpRequest;
  // Where every call goes, read once: no URL is parsed per call.
  const { protocol, hostname, port } = urlToHttpOptions(options.baseUrl);
  const basePath = options.baseUrl.pathname.replace(/\/+$/, "");
  const maxBytes = options.maxResponseBytes ?? 1_048_576;
  const name = options.name;

  return {
    request(r) {
      const payload =
        r.json === undefined ? undefined : Buffer.from(JSON.stringify(r.json), "utf8");
      const headers: Record<string, string | number> = { Accept: "application/json", ...r.headers };
      if (payload) {
        headers["Content-Type"] = "application/json";
        headers["Content-Length"] = payload.length;
      }
      // Inside a token request: timed, traced, and `traceparent` added to the headers.
      return observeUpstream(name, r.method, r.path, headers, () => {
        const attempt = (via: HttpAgent | HttpsAgent) =>
          new Promise<UpstreamResponse>((resolve, reject) => {
            let settled = false;
            let written = false;
            let responded = false;
            const req = send({
              protocol,
              hostname,
              port,
              path: basePath + r.path,
              method: r.method,
              headers,
              agent: via,
            });
            const timer = setTimeout(() => {
              fail(
                new UpstreamTransportError(
                  "UPSTREAM_TIMEOUT",
                  `${name} did not answer in time`,
                  written,
                ),
              );
            }, r.timeoutMs ?? options.timeoutMs);
            function fail(err: UpstreamTransportError) {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              req.destroy();
              reject(err);
            }
            req.on("finish", () => {
              written = true;
            });
            req.on("error", (err: NodeJS.ErrnoException) => {
              const code = err.code ?? "";
              // A keep-alive socket the provider closed while idle: nothing was processed.
              const staleSocket = req.reusedSocket && code === "ECONNRESET" && !responded;
              const sent = written && !staleSocket;
              if (CONNECTION_CODES.has(code)) {
                const error = new UpstreamTransportError(
                  "UPSTREAM_UNAVAILABLE",
                  `${name} could not be reached`,
                  sent,
                  err,
                );
                fail(error);
              } else {
                fail(
                  new UpstreamTransportError("UPSTREAM_ERROR", `${name} request failed`, sent, err),
                );
              }
            });
            req.on("response", (res) => {
              responded = true;
              const chunks: Buffer[] = [];
              let size = 0;
              res.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size > maxBytes) {
                  fail(
                    new UpstreamTransportError(
                      "UPSTREAM_ERROR",
                      `${name} answered with an oversized body`,
                      true,
                    ),
                  );
                  return;
                }
                chunks.push(chunk);
              });
              res.on("error", () =>
                fail(
                  new UpstreamTransportError("UPSTREAM_ERROR", `${name} answer was cut off`, true),
                ),
              );
              res.on("aborted", () =>
                fail(
                  new UpstreamTransportError("UPSTREAM_ERROR", `${name} answer was cut off`, true),
                ),
              );
              res.on("end", () => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                const text = Buffer.concat(chunks).toString("utf8");
                let json: unknown;
                if (text.length > 0) {
                  try {
                    json = JSON.parse(text);
                  } catch {
                    json = undefined;
                  }
                }
                resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
              });
            });
            req.end(payload);
          });
        // Never re-sent here: a caller whose payload is one-time (a Jackpot assertion)
        // decides, from `sent`, whether to retry with a fresh one.
        return attempt(agent);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
