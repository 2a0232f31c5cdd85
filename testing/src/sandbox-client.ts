import type {
  FaultFilter,
  FaultRule,
  FaultSpec,
  ReceivedToken,
  ResetCounts,
  ResetFilter,
  Sandbox,
  SandboxCredentials,
  SandboxProviderId,
  TokenFilter,
  WaitOptions,
} from "@widget-tokens/sandbox";

/** The inspection API of a sandbox, in this process or over HTTP. */
export interface SandboxInspectClient {
  /** The tokens received so far, oldest first, narrowed by `filter`. */
  tokens(filter?: TokenFilter): Promise<ReceivedToken[]>;
  /** The `id` of the last token received (0 before any): pass it as `since` later. */
  cursor(): Promise<number>;
  /**
   * The first token matching `options` with an `id` above `since` (one already
   * received, or the next to arrive); without `since`, from now on. Rejects
   * with a `SandboxError` `INSPECT_TIMEOUT` after `timeoutMs` (default 10 000).
   */
  waitFor(options?: WaitOptions): Promise<ReceivedToken>;
  /** Forget the tokens received so far (ids keep counting). */
  clear(): Promise<void>;
}

/** The fault switches of a sandbox, in this process or over HTTP. */
export interface SandboxFaultsClient {
  /** Switch a fault on; resolves it with its id. Rejects with `SandboxError` `INVALID_FAULT`. */
  set(spec: FaultSpec): Promise<FaultRule>;
  /** The switches that are on, oldest first (those matching `filter` exactly). */
  list(filter?: FaultFilter): Promise<FaultRule[]>;
  /** Switch one fault off by id; false when it was not on. */
  remove(id: string): Promise<boolean>;
  /** Switch off the faults matching `filter` exactly (all without one); resolves how many. */
  clear(filter?: FaultFilter): Promise<number>;
}

/**
 * One sandbox, whether this worker started it or connected to one that is
 * already running: the same `inspect` and `faults` either way, every call
 * asynchronous.
 *
 * @example
 * const since = await sandbox.inspect.cursor();
 * const token = await sandbox.inspect.waitFor({ provider: "fluz", since });
 * await sandbox.faults.set({ kind: "500", provider: "jackpot", user: "user-42", times: 1 });
 * await sandbox.reset({ user: "user-42" });
 */
export interface SandboxClient {
  /** Origin of the sandbox, e.g. http://127.0.0.1:4010. */
  url: string;
  /** The inspection page for people: `${url}/__inspect/`. */
  inspectUrl: string;
  /** The stand-ins it runs. */
  providers: SandboxProviderId[];
  inspect: SandboxInspectClient;
  faults: SandboxFaultsClient;
  /**
   * The one call that puts the sandbox back as a test found it, for a user
   * (`{ user: "qa_fluz_1" }`), a test's scope, or everything (`{}`): their
   * fault switches and `expire` clocks, their tokens in the inspection log,
   * the Fluz tokens they spent and transfers they opened, merchant-API
   * decline marks. Resolves how many of each it forgot.
   */
  reset(filter?: ResetFilter): Promise<ResetCounts>;
  /** The sandbox itself when this process started it (with its `credentials`); undefined over HTTP. */
  local: Sandbox | undefined;
  /** The test credentials when this process started the sandbox; undefined over HTTP. */
  credentials: SandboxCredentials | undefined;
}

/**
 * The same asynchronous surface over a sandbox this process started.
 *
 * @example
 * const client = sandboxClient(await startSandbox());
 * await client.faults.set({ kind: "decline", provider: "gr4vy" });
 */
export function sandboxClient(sandbox: Sandbox): SandboxClient {
  const { inspect, faults } = sandbox;
  return {
    url: sandbox.url,
    inspectUrl: sandbox.inspectUrl,
    providers: [...sandbox.providers],
    local: sandbox,
    credentials: sandbox.credentials,
    inspect: {
      tokens: async (filter) => inspect.tokens(filter),
      cursor: async () => inspect.cursor(),
      waitFor: (options) => inspect.waitFor(options),
      clear: async () => inspect.clear(),
    },
    reset: async (filter = {}) => sandbox.reset(filter),
    faults: {
      set: async (spec) => faults.set(spec),
      list: async (filter) => faults.list(filter),
      remove: async (id) => faults.remove(id),
      clear: async (filter) => faults.clear(filter),
    },
  };
}
