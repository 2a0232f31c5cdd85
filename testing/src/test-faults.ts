import type { FaultRule, FaultSpec, SandboxProviderId } from "@widget-tokens/sandbox";
import type { SandboxClient } from "./sandbox-client.js";

/**
 * The fault switches of one test. A switch set here applies only to this
 * test: to the requests that carry its `X-Sandbox-Scope` (what the browser
 * sends), or, when you name a `user`, to that user's requests (what your
 * app's server sends: Jackpot's exchange, merchant-API calls). Every switch
 * set here is switched off when the test ends, passed or failed.
 *
 * @example
 * await faults.set({ kind: "decline", provider: "gr4vy" });
 * await faults.set({ kind: "500", provider: "jackpot", user: "cust_42", times: 1 });
 */
export interface TestFaults {
  /** Switch a fault on for this test; resolves it with its id. */
  set(spec: FaultSpec): Promise<FaultRule>;
  /** The switches this test set that are still on. */
  list(): Promise<FaultRule[]>;
  /** Switch off every fault this test set (the fixture does it after the test). */
  clear(): Promise<void>;
}

/**
 * The `faults` helpers of one test (the fixture builds them, and calls
 * `clear()` after the test).
 *
 * @example
 * const faults = createTestFaults(sandbox, "test-7");
 * await faults.set({ kind: "slow", ms: 1500, provider: "fluz" }); // scope "test-7"
 */
/**
 * Providers only your app's server talks to: no request of theirs carries
 * the test's scope, so a switch without `user` would never fire.
 */
const SERVER_ONLY: ReadonlySet<SandboxProviderId> = new Set(["merchantApi"]);

export function createTestFaults(sandbox: SandboxClient, scope: string): TestFaults {
  const ids = new Set<string>();
  return {
    async set(spec) {
      if (
        spec.user === undefined &&
        spec.scope === undefined &&
        spec.provider &&
        SERVER_ONLY.has(spec.provider)
      ) {
        throw new TypeError(
          `faults.set(${JSON.stringify(spec)}): ${spec.provider} is only called by your app's server, whose requests carry no test scope, so this switch would never fire. Name the user the calls are made for: { …, user: "…" }.`,
        );
      }
      const scoped =
        spec.user === undefined && spec.scope === undefined ? { ...spec, scope } : spec;
      const rule = await sandbox.faults.set(scoped);
      ids.add(rule.id);
      return rule;
    },
    async list() {
      return (await sandbox.faults.list()).filter((rule) => ids.has(rule.id));
    },
    async clear() {
      const all = [...ids];
      ids.clear();
      await Promise.all(all.map((id) => sandbox.faults.remove(id)));
    },
  };
}
