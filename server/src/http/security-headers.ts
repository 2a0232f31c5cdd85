import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";
import type { HeaderList } from "./respond.js";

/**
 * Run helmet once against a throwaway response and keep the headers it sets,
 * so each request copies a short list instead of running helmet's middlewares.
 */
export function precomputeHelmetHeaders(options: Readonly<HelmetOptions> = {}): HeaderList {
  const headers = new Map<string, string>();
  const fakeRes = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, Array.isArray(value) ? value.join(", ") : String(value));
      return this;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
    getHeader(name: string) {
      return headers.get(name);
    },
  } as unknown as ServerResponse;
  let ran = false;
  helmet(options)({} as IncomingMessage, fakeRes, () => {
    ran = true;
  });
  if (!ran) throw new Error("helmet did not complete synchronously");
  return [...headers];
}

/** Headers on every JSON answer: helmet's defaults, no caching, no sniffing. */
export function apiHeaders(): HeaderList {
  return [
    ...precomputeHelmetHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    }),
    ["Cache-Control", "no-store"],
    ["Pragma", "no-cache"],
  ];
}
