import {
  REAL_SANDBOXES_ENV,
  type RealSandbox,
  SANDBOX_PROVIDER_INFO,
  type SandboxProviderId,
  parseProviderId,
  realSandboxes,
} from "@widget-tokens/sandbox";
import type { TestFaults } from "./test-faults.js";
import type { WidgetTokens } from "./widget-tokens.js";

/** The providers this run sends to their own test environment (`WIDGET_TOKENS_REAL_SANDBOXES`). */
let selected: Map<SandboxProviderId, RealSandbox> | undefined;
const current = () => {
  selected ??= realSandboxes();
  return selected;
};

/**
 * Whether this run sends `provider` to its own test environment
 * (`WIDGET_TOKENS_REAL_SANDBOXES`) rather than to the sandbox's stand-in:
 * for your own checks that need the stand-in,
 * `test.skip(usesRealSandbox("gr4vy"), "…")`.
 *
 * @example
 * test.skip(usesRealSandbox("gr4vy"), "the stand-in's test cards: Gr4vy's sandbox has its own");
 */
export function usesRealSandbox(provider: SandboxProviderId): boolean {
  return current().has(provider);
}

/**
 * Why `check` is skipped for `real`'s provider: it reads the stand-in.
 *
 * @example
 * standInOnly('widgetTokens.received("gr4vy")', real);
 */
function standInOnly(check: string, real: RealSandbox): string {
  const name = SANDBOX_PROVIDER_INFO[real.provider].name;
  return `${check} needs the sandbox's ${name} stand-in (what it received, its switches): ${REAL_SANDBOXES_ENV} runs ${name} against ${real.name}`;
}

/** Skips the test (`testInfo.skip`) with a reason. */
type Skip = (reason: string) => void;

/** Skip when `provider` runs against its own test environment: `check` reads the stand-in. */
function guardOf(skip: Skip, real: ReadonlyMap<SandboxProviderId, RealSandbox>) {
  return (provider: unknown, check: string) => {
    const id = parseProviderId(provider);
    const environment = id === undefined ? undefined : real.get(id);
    if (environment) skip(standInOnly(check, environment));
  };
}

/**
 * `widgetTokens` whose calls skip the test, with a reason naming the call,
 * when their provider runs against its own test environment: the real
 * provider reports nothing to the sandbox. Everything else of the test runs
 * as written.
 *
 * @example
 * await use(skipTokensOnRealSandboxes(tokens, (reason) => testInfo.skip(true, reason)));
 */
export function skipTokensOnRealSandboxes(
  tokens: WidgetTokens,
  skip: Skip,
  real: ReadonlyMap<SandboxProviderId, RealSandbox> = current(),
): WidgetTokens {
  if (real.size === 0) return tokens;
  const guard = guardOf(skip, real);
  return {
    since: tokens.since,
    scope: tokens.scope,
    received: (provider, options) => {
      guard(provider, `widgetTokens.received(${JSON.stringify(provider)})`);
      return tokens.received(provider, options);
    },
    record: (provider, options) => {
      guard(provider, `widgetTokens.record(${JSON.stringify(provider)})`);
      return tokens.record(provider, options);
    },
    all: (filter) => {
      guard(
        filter?.provider,
        `widgetTokens.all({ provider: ${JSON.stringify(filter?.provider)} })`,
      );
      return tokens.all(filter);
    },
  };
}

/**
 * `faults` whose `set` skips the test, naming the switch, when its provider
 * runs against its own test environment: the real provider obeys none of
 * the sandbox's switches. A switch for every provider still applies to the
 * stand-ins.
 *
 * @example
 * await use(skipFaultsOnRealSandboxes(faults, (reason) => testInfo.skip(true, reason)));
 */
export function skipFaultsOnRealSandboxes(
  faults: TestFaults,
  skip: Skip,
  real: ReadonlyMap<SandboxProviderId, RealSandbox> = current(),
): TestFaults {
  if (real.size === 0) return faults;
  const guard = guardOf(skip, real);
  return {
    ...faults,
    set: (spec) => {
      guard(
        spec.provider,
        `faults.set({ kind: ${JSON.stringify(spec.kind)}, provider: ${JSON.stringify(spec.provider)} })`,
      );
      return faults.set(spec);
    },
  };
}
