/** Stable codes of the errors the sandbox's JS and HTTP APIs raise. */
export type SandboxErrorCode =
  /** `startSandbox` or a stand-in was given options it cannot use. */
  | "INVALID_OPTIONS"
  /** A provider name the sandbox does not know. */
  | "UNKNOWN_PROVIDER"
  /** A fault switch that is not well formed (the `field` says which part). */
  | "INVALID_FAULT"
  /** A `POST /__reset` body that is not `{user?, scope?}`. */
  | "INVALID_RESET"
  /** A query of the inspection API that is not well formed. */
  | "INVALID_FILTER"
  /** `inspect.waitFor` / `inspect.next` saw no matching token in time. */
  | "INSPECT_TIMEOUT"
  /** The sandbox was closed while something still waited on it. */
  | "SANDBOX_CLOSED";

/**
 * An error of the sandbox itself (not a provider's refusal, which stand-ins
 * answer over HTTP in the provider's own shape).
 *
 * @example
 * try { await sandbox.inspect.next({ provider: "fluz", timeoutMs: 100 }); }
 * catch (err) { if (err instanceof SandboxError && err.code === "INSPECT_TIMEOUT") … }
 */
export class SandboxError extends Error {
  override readonly name = "SandboxError";
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    /** The option or field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }

  /** The HTTP status the control routes answer this error with. */
  get status(): number {
    if (this.code === "INSPECT_TIMEOUT") return 408;
    if (this.code === "SANDBOX_CLOSED") return 503;
    return 400;
  }

  toJSON(): { error: { code: SandboxErrorCode; message: string; field?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }
}
