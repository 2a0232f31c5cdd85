import { afterAll, beforeAll, expect } from "vitest";

/**
 * Browser globals: on the server, code of this repository (the bindings, the
 * client, shared) must read none of them. The framework may probe for them
 * (`typeof window`): each read is put on the module that made it.
 */
const BROWSER_GLOBALS = [
  "window",
  "document",
  "navigator",
  "location",
  "customElements",
  "HTMLElement",
  "localStorage",
  "sessionStorage",
] as const;
/**
 * Install, for the calling test file, getters on every browser global that
 * record each read made by this repository's code; returns that record.
 * Call it at the top level of a `// @vitest-environment node` test file.
 *
 * @example
 * const touched = guardBrowserGlobals();
 * // … render on the server …
 * expect(touched).toEqual([]);
 */
export function guardBrowserGlobals(): string[] {
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();

  beforeAll(() => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    for (const name of BROWSER_GLOBALS) {
      const had = Object.getOwnPropertyDescriptor(globalThis, name);
      saved.set(name, had);
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          const caller = new Error().stack?.split("\n")[2] ?? "";
          if (/\/(react|vue|client|shared)\/src\//.test(caller))
            touched.push(`${name} in ${caller.trim()}`);
          return had?.get ? had.get.call(globalThis) : had?.value;
        },
      });
    }
  });

  afterAll(() => {
    for (const [name, had] of saved) {
      if (had) Object.defineProperty(globalThis, name, had);
      else Reflect.deleteProperty(globalThis, name);
    }
  });
  return touched;
}
