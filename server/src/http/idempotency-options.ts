import type { OptionReader } from "../validation/read-options.js";

/** How `Idempotency-Key` answers are kept for replay. */
export interface IdempotencyOptions {
  /** How long an `Idempotency-Key` replays its answer (ms). Default 24 h, capped by the token's life. */
  idempotencyTtlMs?: number | undefined;
  /**
   * Secrets that seal, at rest, the answers `Idempotency-Key` records replay
   * (they hold tokens): AES-256-GCM, a key per secret by HKDF-SHA256. The
   * first seals, every one opens: to rotate, put the new one first, and drop
   * the old one `idempotencyTtlMs` later. Default: derived from the
   * providers' configured secrets (the same on every instance).
   */
  sealingSecrets?: string[] | undefined;
}

/** `idempotencyTtlMs` and `sealingSecrets`, read and checked. */
export interface IdempotencySettings {
  /** How long a record replays its answer (ms). */
  ttlMs: number;
  /** `sealingSecrets`, checked; undefined: derived from the providers' secrets. */
  sealingSecrets: string[] | undefined;
}

/**
 * Read `idempotencyTtlMs` and `sealingSecrets` once; a malformed value
 * throws naming the option, never the secret.
 *
 * @example
 * const { ttlMs, sealingSecrets } = readIdempotencyOptions(readOptions(options, "", keys));
 */
export function readIdempotencyOptions(
  o: Pick<OptionReader<IdempotencyOptions>, "number" | "value" | "fail">,
): IdempotencySettings {
  const ttlMs = o.number("idempotencyTtlMs", 86_400_000, { min: 1000, integer: true });
  const sealingSecrets = o.value("sealingSecrets");
  if (
    sealingSecrets !== undefined &&
    (!Array.isArray(sealingSecrets) ||
      sealingSecrets.length === 0 ||
      !sealingSecrets.every((s) => typeof s === "string" && s.trim().length >= 32))
  ) {
    throw o.fail(
      "sealingSecrets",
      "must be a non-empty list of secrets of at least 32 characters (the first seals, all open)",
    );
  }
  return { ttlMs, sealingSecrets };
}
