/** How the token API misbehaves, flipped by tests at run time. */
export interface JackpotFaults {
  /** Wait this long (ms) before answering an exchange. 0: answer at once. */
  delayMs: number;
  /**
   * Answer every exchange this way instead of issuing a session (the
   * assertion is still recorded, and still spent):
   * - "server-error": 500 with a JSON error body
   * - "malformed-json": 200, `application/json`, a truncated body
   * - "non-json": 200, an HTML page
   * - "missing-token": 200, OAuth JSON without `access_token`
   * - "close-connection": destroy the socket after reading the request
   */
  mode:
    | "none"
    | "server-error"
    | "malformed-json"
    | "non-json"
    | "missing-token"
    | "close-connection";
}

/** One request the token API received. */
export interface JackpotExchangeRecord {
  /** The raw assertion as received ("" when the body had none). */
  assertion: string;
  clientId: unknown;
  /** What the sandbox answered (0 when it closed the connection). */
  status: number;
  /** The OAuth error code it answered with, if any. */
  error?: string;
  at: number;
}

/**
 * The test handle of the Jackpot stand-in: fault switches and the ledger of
 * every exchange it saw. Pass one in `SandboxJackpotOptions.control` to keep
 * it; `reset()` clears both.
 *
 * @example
 * const control = jackpotSandboxControl();
 * const sandbox = await startSandbox({ jackpot: { apiKey, apiSignature, control } });
 * control.faults.mode = "server-error";
 * // … then: control.exchanges.length, control.exchanges.map((e) => e.assertion)
 */
export interface JackpotSandboxControl {
  faults: JackpotFaults;
  exchanges: JackpotExchangeRecord[];
  reset(): void;
}

export function jackpotSandboxControl(): JackpotSandboxControl {
  const control: JackpotSandboxControl = {
    faults: { delayMs: 0, mode: "none" },
    exchanges: [],
    reset() {
      control.faults.delayMs = 0;
      control.faults.mode = "none";
      control.exchanges.length = 0;
    },
  };
  return control;
}
