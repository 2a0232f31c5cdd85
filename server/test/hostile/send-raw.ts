import { connect } from "node:net";

/** One request, byte for byte: nothing is normalized, added or fixed. */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent: a path (`/a/../b`, `%2e%2e`, `\`) or an absolute URL. */
  target: string;
  /**
   * Header lines in order; a name may repeat. `Host`, `Connection: close` and
   * (with a body, unless Transfer-Encoding is given) `Content-Length` are
   * added unless given.
   */
  headers: Array<[string, string]>;
  body?: Buffer | string | undefined;
  /**
   * Send the body in pieces with a pause between them; a piece of `null`
   * stops sending (the rest of a declared body never comes).
   */
  slow?: { pieces: Array<Buffer | string | null>; pauseMs: number };
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers keep every value. */
  headers: Record<string, string[]>;
  body: string;
  /** Everything received, for scanning. */
  raw: string;
}

/**
 * Send `request` over a fresh TCP connection and read the answer until the
 * server closes it (every request asks for `Connection: close`). fetch and
 * node:http would normalize the target, merge or refuse repeated headers,
 * or refuse bytes that are not UTF-8.
 *
 * @example
 * const res = await sendRaw(port, { method: "POST", target: "/x/%2e%2e/y", headers: [["Content-Type", "application/json"]], body: "{}" });
 */
export function sendRaw(
  port: number,
  request: RawRequest,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const names = new Set(request.headers.map(([n]) => n.toLowerCase()));
  const framed = names.has("content-length") || names.has("transfer-encoding");
  const length = request.body === undefined ? undefined : Buffer.byteLength(request.body);
  const headers: Array<[string, string]> = [
    ...(names.has("host") ? [] : [["Host", `127.0.0.1:${port}`] as [string, string]]),
    ...request.headers,
    ...(framed || length === undefined
      ? []
      : [["Content-Length", String(length)] as [string, string]]),
    ...(names.has("connection") ? [] : [["Connection", "close"] as [string, string]]),
  ];
  const head = Buffer.from(
    `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`,
    "latin1",
  );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: "127.0.0.1", port });
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      socket.destroy();
      const received = Buffer.concat(chunks);
      // A reset after the answer arrived (the server closing on a body it will not read) is fine.
      if (received.length > 0) {
        try {
          resolve(parseResponse(received));
          return;
        } catch (parseErr) {
          reject(parseErr);
          return;
        }
      }
      reject(err ?? new Error(`no answer to ${request.method} ${request.target}`));
    };
    timers.push(
      setTimeout(
        () => finish(new Error(`timed out: ${request.method} ${request.target}`)),
        timeoutMs,
      ),
    );
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    socket.on("error", (err) => finish(err));
    socket.on("connect", () => {
      if (request.slow === undefined) {
        const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
        socket.write(Buffer.concat([head, body]));
        return;
      }
      socket.write(head);
      const { pieces, pauseMs } = request.slow;
      pieces.forEach((piece, i) => {
        timers.push(
          setTimeout(
            () => {
              if (piece !== null && !socket.destroyed) socket.write(piece);
            },
            pauseMs * (i + 1),
          ),
        );
      });
    });
  });
}

function parseResponse(received: Buffer): RawResponse {
  const raw = received.toString("latin1");
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) throw new Error(`incomplete answer: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = headers[name] ?? [];
    values.push(line.slice(colon + 1).trim());
    headers[name] = values;
  }
  let bodyBytes = received.subarray(Buffer.byteLength(raw.slice(0, end + 4), "latin1"));
  if (headers["transfer-encoding"]?.[0]?.toLowerCase() === "chunked")
    bodyBytes = dechunk(bodyBytes);
  else if (headers["content-length"])
    bodyBytes = bodyBytes.subarray(0, Number(headers["content-length"][0]));
  return { status, headers, body: bodyBytes.toString("utf8"), raw: received.toString("utf8") };
}

function dechunk(bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lineEnd = bytes.indexOf("\r\n", i);
    if (lineEnd === -1) break;
    const size = Number.parseInt(bytes.subarray(i, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    i = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
