import { gzipSync } from "node:zlib";
import type { ErrorCode } from "@widget-tokens/shared";
import type { RawRequest } from "./send-raw.js";

/** One hostile request and the refusal it must get. */
export interface HostileCase {
  name: string;
  request: RawRequest;
  /**
   * The error code (or one of the codes) the answer must carry, or
   * `PASSED_ON`: a path no route of the middleware owns goes to `next()`, so
   * the app's own 404 answers it (issue 22: two mounts compose).
   */
  expect: ErrorCode | readonly ErrorCode[] | typeof PASSED_ON;
}

export const MOUNT = "/widget-tokens";
export const PASSED_ON = "PASSED_ON";
/** First path segments below the mount that the hostile app's middleware owns. */
const OWNED = new Set([
  "fluz",
  "impact",
  "gr4vy",
  "jackpot",
  "merchant-api",
  "loader.js",
  "chunks",
]);

/** A path no route has: the middleware's 404 below a segment it owns, else passed on. */
function unknownPath(path: string): HostileCase["expect"] {
  const end = path.indexOf("/", 1);
  return OWNED.has(end === -1 ? path.slice(1) : path.slice(1, end)) ? "NOT_FOUND" : PASSED_ON;
}
export const LISTED_ORIGIN = "https://shop.example";
export const USER_HEADER = "x-test-user";
export const PROXY_PATH = "/merchant-api/v2/customer/create";

/** A body each route would accept, as JSON text: every case spoils it in one way. */
export const VALID_BODIES: Readonly<Record<string, string>> = {
  "/fluz/pat-token": '{"amount":"50.00","transactionType":"DEPOSIT"}',
  "/impact/user-token": '{"locale":"en_US"}',
  "/gr4vy/embed-token": "{}",
  "/jackpot/session-token": '{"amount":"25.00"}',
  [PROXY_PATH]: '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}',
};
const TOKEN_ROUTES = [
  "/fluz/pat-token",
  "/impact/user-token",
  "/gr4vy/embed-token",
  "/jackpot/session-token",
];
const ROUTES = Object.keys(VALID_BODIES);

const JSON_TYPE: [string, string] = ["Content-Type", "application/json"];
const USER: [string, string] = [USER_HEADER, "hostile-user"];

/** A POST to `path` below the mount with a JSON type, the test user and `body`. */
function post(
  path: string,
  body: Buffer | string,
  headers: Array<[string, string]> = [JSON_TYPE, USER],
): RawRequest {
  return { method: "POST", target: `${MOUNT}${path}`, headers, body };
}

/** The route's valid body with one more member, `"key": <raw JSON text>`. */
function withMember(path: string, key: string, rawValue: string): string {
  const valid = VALID_BODIES[path]!;
  const inner = valid.slice(1, -1);
  return `{${inner}${inner ? "," : ""}${JSON.stringify(key)}:${rawValue}}`;
}

/** The route's valid body with `key` replaced (or added) by raw JSON text. */
function withField(path: string, key: string, rawValue: string): string {
  const base = JSON.parse(VALID_BODIES[path]!) as Record<string, unknown>;
  delete base[key];
  const inner = JSON.stringify(base).slice(1, -1);
  return `{${inner}${inner ? "," : ""}${JSON.stringify(key)}:${rawValue}}`;
}

const nestedObjects = (levels: number) =>
  `${'{"a":'.repeat(levels - 1)}{"a":1}${"}".repeat(levels - 1)}`;
const nestedArrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

/**
 * Amount texts a person did not type, as raw JSON: wrong types, exponents,
 * hex, NaN and Infinity, negatives and -0, beyond-cent precision, out of
 * range, leading zeros and signs, overlong. Some are not JSON at all.
 */
const HOSTILE_AMOUNTS: readonly string[] = [
  // wrong types
  "true",
  "false",
  "null",
  "[]",
  "[50]",
  "{}",
  '{"value":50}',
  '""',
  '"abc"',
  '"50.00 "',
  '" 50"',
  '"50,00"',
  '"$50"',
  '"５０"',
  '"50\\u0000"',
  '"50\\n"',
  // exponents
  "1e3",
  "1E3",
  "1e+3",
  "1.5e1",
  "5e-1",
  "5E-1",
  "1e-7",
  "1e21",
  "1e309",
  "1e-400",
  "0e0",
  "10e0",
  "5.0e1",
  '"1e3"',
  '"5e-1"',
  // hex and other bases
  "0x10",
  '"0x10"',
  '"0X1F"',
  '"0b101"',
  '"0o17"',
  // NaN and Infinity
  "NaN",
  "Infinity",
  "-Infinity",
  '"NaN"',
  '"Infinity"',
  '"-Infinity"',
  '"inf"',
  // negatives and -0
  "-5",
  "-0.01",
  "-0",
  "-0.0",
  "-0e0",
  "-1e3",
  '"-5"',
  '"-0"',
  '"-0.00"',
  // beyond-cent precision
  "50.0000000000000001",
  "50.001",
  "0.005",
  "0.30000000000000004",
  "19.999999999999999",
  "50.00000000000000000000000001",
  '"50.001"',
  '"50.0000000000000001"',
  // out of range
  "0",
  "0.0",
  "0.00",
  '"0"',
  '"0.00"',
  "10000.01",
  "10001",
  '"10000.01"',
  "99999999999999999999",
  "123456789012345678901234567890",
  // leading zeros, signs, dots
  "050",
  '"050"',
  "+5",
  '"+5"',
  ".5",
  '".5"',
  "5.",
  '"5."',
  // overlong
  "1".repeat(5000),
  `"${"1".repeat(10_000)}"`,
  `"${"9".repeat(20)}.00"`,
];

/** Structural attacks on the body as a whole (each answered before any route logic). */
function structureCases(path: string): HostileCase[] {
  const valid = VALID_BODIES[path]!;
  const inner = valid.slice(1, -1);
  const join = inner ? "," : "";
  const cases: Array<[string, string | Buffer, ErrorCode]> = [
    // Each under the 16 KiB limit: the depth, not the size, must refuse them.
    ["2,500 nested objects (15 KB)", nestedObjects(2_500), "INVALID_REQUEST"],
    ["5,000 nested arrays (10 KB)", nestedArrays(5_000), "INVALID_REQUEST"],
    [
      "5,000 nested arrays in a member",
      withMember(path, "deep", nestedArrays(5_000)),
      "INVALID_REQUEST",
    ],
    ["33 levels", withMember(path, "deep", nestedObjects(32)), "INVALID_REQUEST"],
    [
      "__proto__ member",
      withMember(path, "__proto__", '{"amount":"9999.00","isAdmin":true}'),
      "INVALID_REQUEST",
    ],
    ["__proto__ nested", withMember(path, "x", '{"__proto__":{"polluted":1}}'), "INVALID_REQUEST"],
    [
      "__proto__ escaped",
      withMember(path, "\\u005f_proto__", '{"polluted":1}').replace('"\\\\u005f', '"\\u005f'),
      "INVALID_REQUEST",
    ],
    [
      "__proto__ only",
      '{"__proto__":{"amount":"50.00","transactionType":"DEPOSIT","locale":"en_US"}}',
      "INVALID_REQUEST",
    ],
    [
      "constructor.prototype",
      withMember(path, "constructor", '{"prototype":{"polluted":1}}'),
      "INVALID_REQUEST",
    ],
    [
      "constructor.prototype nested",
      withMember(path, "x", '{"constructor":{"prototype":{}}}'),
      "INVALID_REQUEST",
    ],
    ["constructor only", '{"constructor":{"prototype":{"amount":"50.00"}}}', "INVALID_REQUEST"],
    ["a key twice", `{${inner}${join}"dup":1,"dup":2}`, "INVALID_REQUEST"],
    ["top-level array", `[${valid}]`, "INVALID_REQUEST"],
    ["top-level string", JSON.stringify(valid), "INVALID_REQUEST"],
    ["top-level number", "1e3", "INVALID_REQUEST"],
    ["top-level 50", "50", "INVALID_REQUEST"],
    ["top-level null", "null", "INVALID_REQUEST"],
    ["top-level true", "true", "INVALID_REQUEST"],
    ["empty body", "", "INVALID_REQUEST"],
    ["whitespace only", " \r\n\t ", "INVALID_REQUEST"],
    ["truncated", valid.slice(0, -1), "INVALID_REQUEST"],
    ["trailing garbage", `${valid}x`, "INVALID_REQUEST"],
    ["two objects", `${valid}{}`, "INVALID_REQUEST"],
    ["single quotes", withMember(path, "q", "1").replaceAll('"', "'"), "INVALID_REQUEST"],
    ["unquoted key", `{${inner}${join}a:1}`, "INVALID_REQUEST"],
    ["trailing comma", `{${inner}${join}"a":1,}`, "INVALID_REQUEST"],
    ["comment", `/* hi */${valid}`, "INVALID_REQUEST"],
    [
      "byte order mark",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]),
      "INVALID_REQUEST",
    ],
    ["NaN member", withMember(path, "n", "NaN"), "INVALID_REQUEST"],
    ["control character in a string", withMember(path, "s", '"a\u0001b"'), "INVALID_REQUEST"],
    ["bad escape", withMember(path, "s", '"\\x41"'), "INVALID_REQUEST"],
  ];
  return cases.map(([what, body, expect]) => ({
    name: `${path} structure: ${what}`,
    request: post(path, body),
    expect,
  }));
}

/** Bytes that are not UTF-8, inside an otherwise valid body (in a string the route reads or ignores). */
function encodingCases(path: string): HostileCase[] {
  const valid = VALID_BODIES[path]!;
  const badBytes: Array<[string, number[]]> = [
    ["0xff", [0xff]],
    ["overlong slash", [0xc0, 0xaf]],
    ["lone surrogate", [0xed, 0xa0, 0x80]],
    ["truncated sequence", [0xe2, 0x82]],
    ["latin-1 é", [0xe9]],
  ];
  const cases: HostileCase[] = [];
  for (const [what, bytes] of badBytes) {
    const [head, tail] = withMember(path, "note", '"xSPLITx"').split("SPLIT") as [string, string];
    const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
    cases.push({
      name: `${path} invalid UTF-8 (${what})`,
      request: post(path, body),
      expect: "INVALID_REQUEST",
    });
  }
  const types: Array<[string, Array<[string, string]>, string | Buffer, ErrorCode]> = [
    ["no Content-Type", [USER], valid, "UNSUPPORTED_MEDIA_TYPE"],
    ["empty Content-Type", [["Content-Type", ""], USER], valid, "UNSUPPORTED_MEDIA_TYPE"],
    ["text/plain", [["Content-Type", "text/plain"], USER], valid, "UNSUPPORTED_MEDIA_TYPE"],
    [
      "text/plain; charset=utf-8",
      [["Content-Type", "text/plain; charset=utf-8"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "form",
      [["Content-Type", "application/x-www-form-urlencoded"], USER],
      "amount=50.00&transactionType=DEPOSIT",
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "multipart",
      [["Content-Type", "multipart/form-data; boundary=x"], USER],
      `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${valid}\r\n--x--\r\n`,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "application/jsonx",
      [["Content-Type", "application/jsonx"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "application/json5",
      [["Content-Type", "application/json5"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "application/javascript",
      [["Content-Type", "application/javascript"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["bare json", [["Content-Type", "json"], USER], valid, "UNSUPPORTED_MEDIA_TYPE"],
    [
      "json, text/plain",
      [["Content-Type", "application/json, text/plain"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "text/plain, json",
      [["Content-Type", "text/plain, application/json"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "charset=latin1",
      [["Content-Type", "application/json; charset=latin1"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "charset=iso-8859-1",
      [["Content-Type", "application/json; charset=iso-8859-1"], USER],
      Buffer.from(valid, "latin1"),
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "charset=windows-1252",
      [["Content-Type", "application/json;charset=windows-1252"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "charset=utf-16 (UTF-16 body)",
      [["Content-Type", "application/json; charset=utf-16"], USER],
      Buffer.from(`\ufeff${valid}`, "utf16le"),
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "charset=utf-16le",
      [["Content-Type", "application/json; charset=utf-16le"], USER],
      Buffer.from(valid, "utf16le"),
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      'charset="UTF-16"',
      [["Content-Type", 'application/json; charset="UTF-16"'], USER],
      Buffer.from(valid, "utf16le"),
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "UTF-16 body, no charset",
      [JSON_TYPE, USER],
      Buffer.from(valid, "utf16le"),
      "INVALID_REQUEST",
    ],
    ["UTF-32 body, no charset", [JSON_TYPE, USER], utf32(valid), "INVALID_REQUEST"],
    [
      "Content-Type twice (json, text)",
      [JSON_TYPE, ["Content-Type", "text/plain"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "Content-Type twice (text, json)",
      [["Content-Type", "text/plain"], JSON_TYPE, USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "Content-Type twice (json, json)",
      [JSON_TYPE, ["content-type", "application/json"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "gzip",
      [JSON_TYPE, ["Content-Encoding", "gzip"], USER],
      gzipSync(valid),
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "deflate",
      [JSON_TYPE, ["Content-Encoding", "deflate"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "identity, gzip",
      [JSON_TYPE, ["Content-Encoding", "identity, gzip"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "Content-Encoding twice",
      [JSON_TYPE, ["Content-Encoding", "identity"], ["Content-Encoding", "gzip"], USER],
      valid,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  ];
  for (const [what, headers, body, expect] of types) {
    cases.push({
      name: `${path} content type: ${what}`,
      request: post(path, body, headers),
      expect,
    });
  }
  return cases;
}

function utf32(text: string): Buffer {
  const out = Buffer.alloc(text.length * 4);
  for (let i = 0; i < text.length; i++) out.writeUInt32LE(text.charCodeAt(i), i * 4);
  return out;
}

/** Foreign origins and fetch metadata, with a body the route would accept. */
function originCases(path: string, port: number): HostileCase[] {
  const valid = VALID_BODIES[path]!;
  const own = `http://127.0.0.1:${port}`;
  const variants: Array<[string, Array<[string, string]>]> = [
    ["foreign Origin", [["Origin", "https://evil.example"]]],
    ["Origin null", [["Origin", "null"]]],
    ["listed origin as a suffix", [["Origin", "https://shop.example.evil.example"]]],
    ["listed origin upper-cased", [["Origin", "HTTPS://SHOP.EXAMPLE"]]],
    ["listed origin with a slash", [["Origin", "https://shop.example/"]]],
    ["listed origin over http", [["Origin", "http://shop.example"]]],
    ["Sec-Fetch-Site: cross-site", [["Sec-Fetch-Site", "cross-site"]]],
    ["Sec-Fetch-Site: same-site", [["Sec-Fetch-Site", "same-site"]]],
    [
      "own origin, but cross-site",
      [
        ["Origin", own],
        ["Sec-Fetch-Site", "cross-site"],
      ],
    ],
    [
      "foreign Origin, same-site",
      [
        ["Origin", "https://evil.example"],
        ["Sec-Fetch-Site", "same-site"],
      ],
    ],
    [
      "two Origins (listed first)",
      [
        ["Origin", LISTED_ORIGIN],
        ["Origin", "https://evil.example"],
      ],
    ],
    [
      "two Sec-Fetch-Site",
      [
        ["Sec-Fetch-Site", "same-origin"],
        ["Sec-Fetch-Site", "cross-site"],
        ["Origin", "https://evil.example"],
      ],
    ],
  ];
  const cases: HostileCase[] = variants.map(([what, extra]) => ({
    name: `${path} origin: ${what}`,
    request: post(path, valid, [JSON_TYPE, USER, ...extra]),
    expect: "ORIGIN_NOT_ALLOWED",
  }));
  cases.push({
    name: `${path} origin: preflight from a foreign origin`,
    request: {
      method: "OPTIONS",
      target: `${MOUNT}${path}`,
      headers: [
        ["Origin", "https://evil.example"],
        ["Access-Control-Request-Method", "POST"],
        ["Access-Control-Request-Headers", "content-type"],
      ],
    },
    expect: "ORIGIN_NOT_ALLOWED",
  });
  return cases;
}

/** No user, or a hostile Idempotency-Key, with a body the route would accept. */
function identityCases(path: string): HostileCase[] {
  const valid = VALID_BODIES[path]!;
  const keys: Array<[string, Array<[string, string]>]> = [
    ["key of 256 characters", [["Idempotency-Key", "k".repeat(256)]]],
    ["key with a space", [["Idempotency-Key", "a b"]]],
    ["key with a latin-1 byte", [["Idempotency-Key", "caf\u00e9"]]],
    ["empty key", [["Idempotency-Key", ""]]],
    [
      "key twice",
      [
        ["Idempotency-Key", "one"],
        ["Idempotency-Key", "two"],
      ],
    ],
  ];
  return [
    { name: `${path} no user`, request: post(path, valid, [JSON_TYPE]), expect: "UNAUTHENTICATED" },
    {
      name: `${path} empty user`,
      request: post(path, valid, [JSON_TYPE, [USER_HEADER, ""]]),
      expect: "UNAUTHENTICATED",
    },
    ...keys.map(
      ([what, extra]): HostileCase => ({
        name: `${path} Idempotency-Key: ${what}`,
        request: post(path, valid, [JSON_TYPE, USER, ...extra]),
        expect: "INVALID_REQUEST",
      }),
    ),
  ];
}

/** Too big, too slow. Every body limit is the default 16 KiB; the tests set bodyTimeoutMs short. */
function sizeCases(path: string, slow: boolean): HostileCase[] {
  const big = withMember(path, "pad", JSON.stringify("x".repeat(20_000)));
  const cases: HostileCase[] = [
    {
      name: `${path} oversized (Content-Length)`,
      request: post(path, big, [
        JSON_TYPE,
        USER,
        ["Content-Length", String(Buffer.byteLength(big))],
      ]),
      expect: "PAYLOAD_TOO_LARGE",
    },
    {
      name: `${path} oversized (chunked)`,
      request: post(path, chunked(big), [JSON_TYPE, USER, ["Transfer-Encoding", "chunked"]]),
      expect: "PAYLOAD_TOO_LARGE",
    },
  ];
  if (slow) {
    const valid = VALID_BODIES[path]!;
    cases.push(
      {
        name: `${path} slow body (half, then nothing)`,
        request: {
          ...post(path, "", [JSON_TYPE, USER, ["Content-Length", String(valid.length)]]),
          slow: { pieces: [valid.slice(0, 5), null], pauseMs: 50 },
        },
        expect: "REQUEST_TIMEOUT",
      },
      {
        name: `${path} slow body (chunked, a byte at a time)`,
        request: {
          ...post(path, "", [JSON_TYPE, USER, ["Transfer-Encoding", "chunked"]]),
          slow: { pieces: [...valid].map((c) => `1\r\n${c}\r\n`), pauseMs: 60 },
        },
        expect: "REQUEST_TIMEOUT",
      },
    );
  }
  return cases;
}

function chunked(text: string): string {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 4096) {
    const piece = text.slice(i, i + 4096);
    parts.push(`${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
  }
  return `${parts.join("")}0\r\n\r\n`;
}

/** Spellings of the allow-listed call that must not reach it, and calls that are not listed. */
function allowListCases(port: number): HostileCase[] {
  const body = VALID_BODIES[PROXY_PATH]!;
  const targets = [
    "/merchant-api/v2/customer/create/",
    "/merchant-api/v2/customer%2Fcreate",
    "/merchant-api/v2%2Fcustomer%2Fcreate",
    "/merchant-api%2Fv2/customer/create",
    "/merchant-api/v2/customer%2fcreate",
    "/merchant-api/v2/customer/./create",
    "/merchant-api/v2/./customer/create",
    "/merchant-api/./v2/customer/create",
    "/merchant-api/v2/x/../customer/create",
    "/merchant-api/v2/customer/create/../create",
    "/merchant-api/v2/customer/%2e%2e/customer/create",
    "/merchant-api/v2/customer/%2E%2E/customer/create",
    "/merchant-api/v2/customer/.%2e/customer/create",
    "/merchant-api/v2/customer/%2e/create",
    "/merchant-api/v2/customer/create/%2e%2e",
    "/merchant-api\\v2\\customer\\create",
    "/merchant-api/v2\\customer/create",
    "/merchant-api/v2/customer%5Ccreate",
    "/Merchant-Api/v2/customer/create",
    "/merchant-api/V2/customer/create",
    "/merchant-api/v2/Customer/Create",
    "/MERCHANT-API/V2/CUSTOMER/CREATE",
    "//merchant-api/v2/customer/create",
    "/merchant-api//v2/customer/create",
    "/merchant-api/v2//customer/create",
    "/merchant-api/v2/customer/create;x=1",
    "/merchant-api/v2/customer/create%00",
    "/merchant-api/v2/customer/create%20",
    "/merchant-api/v2/customer/create#frag",
    "/merchant-api/v2/customer/creat%65",
    "/merchant-api/%762/customer/create",
    "/merchant-api/v2/auth/login",
    "/merchant-api/v2/auth/refresh",
    "/merchant-api/v2/auth/../auth/login",
    "/merchant-api/v2/customer/create/../../auth/login",
    "/merchant-api/v2/customer/delete",
    "/merchant-api",
    "/merchant-api/",
  ];
  const cases: HostileCase[] = targets.map((path) => ({
    name: `allow-list spelling ${path}`,
    request: post(path, body),
    expect: unknownPath(path),
  }));
  for (const method of ["GET", "PUT", "PATCH", "DELETE", "TRACE"]) {
    cases.push({
      name: `allow-list method ${method}`,
      request: { ...post(PROXY_PATH, method === "GET" || method === "TRACE" ? "" : body), method },
      expect: "NOT_FOUND",
    });
  }
  // Absolute-form targets, through a raw socket (what a forward proxy would send).
  const absolute = [
    `http://127.0.0.1:${port}${MOUNT}/merchant-api/v2/customer/create/../../auth/login`,
    `http://127.0.0.1:${port}${MOUNT}/merchant-api/v2/customer/%2e%2e/customer/create`,
    `http://127.0.0.1:${port}${MOUNT}/merchant-api/v2/auth/login`,
    `http://evil.example${MOUNT}/merchant-api/v2/auth/login`,
    `http://127.0.0.1:${port}${MOUNT}/merchant-api/v2/customer%2Fcreate`,
    `HTTP://127.0.0.1:${port}${MOUNT}/merchant-api/V2/customer/create`,
  ];
  for (const target of absolute) {
    cases.push({
      name: `allow-list absolute-form ${target}`,
      request: { method: "POST", target, headers: [JSON_TYPE, USER], body },
      // Express keeps the scheme and host in req.url: no route is ever matched, the app's 404 answers.
      expect: PASSED_ON,
    });
  }
  return cases;
}

/** The loader and paths no route has. */
function otherPathCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
    cases.push({
      name: `${method} /loader.js`,
      request: { method, target: `${MOUNT}/loader.js`, headers: [JSON_TYPE, USER], body: "{}" },
      expect: "METHOD_NOT_ALLOWED",
    });
  }
  const loaderSpellings = [
    "/loader.js/",
    "/LOADER.JS",
    "/Loader.js",
    "/loader.js%00",
    "/loader%2ejs",
    "/loader.js/..",
    "/./loader.js",
    "//loader.js",
    "/loader.js;x",
    "/x/../loader.js",
    "/%2e%2e/loader.js",
  ];
  for (const path of loaderSpellings) {
    cases.push({
      name: `GET ${path}`,
      request: { method: "GET", target: `${MOUNT}${path}`, headers: [] },
      expect: unknownPath(path),
    });
  }
  const unknown = [
    "/",
    "/fluz",
    "/fluz/",
    "/fluz/pat-token/",
    "/FLUZ/PAT-TOKEN",
    "/fluz/pat-token%2F",
    "/fluz//pat-token",
    "/fluz/./pat-token",
    "/fluz/x/../pat-token",
    "/fluz/%2e%2e/fluz/pat-token",
    "/jackpot/session-token/..",
    "/gr4vy\\embed-token",
    "/impact/user-token%00",
    "/unknown",
    "/.env",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/admin",
  ];
  for (const path of unknown) {
    for (const method of ["GET", "POST"]) {
      cases.push({
        name: `${method} unknown ${path}`,
        request:
          method === "POST"
            ? post(path, VALID_BODIES["/fluz/pat-token"]!)
            : { method, target: `${MOUNT}${path}`, headers: [USER] },
        expect: unknownPath(path),
      });
    }
  }
  for (const path of TOKEN_ROUTES) {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      cases.push({
        name: `${method} ${path}`,
        request: {
          method,
          target: `${MOUNT}${path}`,
          headers: [JSON_TYPE, USER],
          body: method === "GET" ? undefined : VALID_BODIES[path],
        },
        expect: "METHOD_NOT_ALLOWED",
      });
    }
  }
  return cases;
}

/** Wrong values in the routes' other fields. */
function fieldCases(): HostileCase[] {
  const fluz = "/fluz/pat-token";
  const impact = "/impact/user-token";
  const gr4vy = "/gr4vy/embed-token";
  const transactionTypes = [
    '"deposit"',
    '"Deposit"',
    '"DEPOSIT "',
    '"WITHDRAWAL"',
    '""',
    "null",
    "1",
    "true",
    '["DEPOSIT"]',
    '{"DEPOSIT":1}',
    '"DEPOSIT\\u0000"',
    `"${"D".repeat(10_000)}"`,
  ];
  const cases: HostileCase[] = transactionTypes.map((raw) => ({
    name: `${fluz} transactionType ${raw.slice(0, 40)}`,
    request: post(fluz, withField(fluz, "transactionType", raw)),
    expect: "INVALID_REQUEST",
  }));
  cases.push({
    name: `${fluz} no transactionType`,
    request: post(fluz, '{"amount":"50.00"}'),
    expect: "INVALID_REQUEST",
  });
  for (const raw of [
    '"en-US"',
    '"EN_us"',
    '"en_US;x"',
    '"en_US\\n"',
    "1",
    "null",
    "[]",
    `"${"e".repeat(10_000)}"`,
  ]) {
    cases.push({
      name: `${impact} locale ${raw.slice(0, 40)}`,
      request: post(impact, withField(impact, "locale", raw)),
      expect: "INVALID_REQUEST",
    });
  }
  for (const key of ["id", "userId", "accountId", "email", "user", "firstName"]) {
    cases.push({
      name: `${impact} names a user through ${key}`,
      request: post(impact, withMember(impact, key, '"someone-else"')),
      expect: "INVALID_REQUEST",
    });
  }
  for (const [key, raw] of [
    ["checkoutSessionId", '"not-a-uuid"'],
    ["checkoutSessionId", "1"],
    ["checkoutSessionId", "[]"],
    ["checkoutSessionId", `"${"a".repeat(10_000)}"`],
    ["currency", '"XXX"'],
    ["buyer_id", '"someone-else"'],
    ["buyerExternalIdentifier", '"someone-else"'],
    ["metadata", '{"k":"v"}'],
    ["cartItems", "[]"],
    ["embed", '{"amount":1}'],
  ] as const) {
    cases.push({
      name: `${gr4vy} ${key} ${raw.slice(0, 30)}`,
      request: post(gr4vy, withField(gr4vy, key, raw)),
      expect: "INVALID_REQUEST",
    });
  }
  return cases;
}

/**
 * The whole corpus for a server on `port`: deterministic, so a failure names
 * a case that reproduces.
 */
export function hostileCorpus(port: number): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const path of TOKEN_ROUTES) {
    for (const raw of HOSTILE_AMOUNTS) {
      cases.push({
        name: `${path} amount ${raw.length > 40 ? `${raw.slice(0, 20)}… (${raw.length})` : raw}`,
        request: post(path, withField(path, "amount", raw)),
        expect: "INVALID_REQUEST",
      });
    }
  }
  cases.push(...fieldCases());
  for (const path of ROUTES) {
    cases.push(
      ...structureCases(path),
      ...encodingCases(path),
      ...originCases(path, port),
      ...identityCases(path),
      ...sizeCases(
        path,
        path === "/fluz/pat-token" || path === "/jackpot/session-token" || path === PROXY_PATH,
      ),
    );
  }
  cases.push(...allowListCases(port), ...otherPathCases());
  return cases;
}
