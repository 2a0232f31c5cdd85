import { ServiceError } from "./errors.js";

/** The signed-in user, as the merchant's `identify(req)` hook tells it. */
export interface WidgetUser {
  id: string;
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** Like `en_US`. */
  locale?: string | undefined;
  /** Anything else the merchant's hooks want to carry (zip code, age, …). */
  [extra: string]: unknown;
}

const MAX_ID_LENGTH = 255;

/**
 * Check what `identify()` returned. A malformed user is the merchant's bug:
 * a 500 whose log line says so, never a token for a half-identified user.
 */
export function checkUser(value: unknown): WidgetUser | null {
  if (value === null || value === undefined || value === false) return null;
  if (typeof value !== "object") throw badIdentify();
  const user = value as Record<string, unknown>;
  let id = user.id;
  if (typeof id === "number" && Number.isSafeInteger(id)) id = String(id);
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) throw badIdentify();
  for (const field of ["email", "firstName", "lastName", "locale"] as const) {
    const v = user[field];
    if (v !== undefined && v !== null && typeof v !== "string") throw badIdentify();
  }
  return { ...user, id } as WidgetUser;
}

function badIdentify(): Error {
  return new ServiceError(
    "INTERNAL_ERROR",
    "identify() returned an invalid user (expected { id: string, … } or null)",
  );
}
