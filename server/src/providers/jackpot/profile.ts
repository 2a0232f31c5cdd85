import { JACKPOT_ANONYMOUS } from "@widget-tokens/shared";
import { isRecord } from "@widget-tokens/shared";
import type { Request } from "express";
import { ServiceError, type WidgetTokensError } from "../../errors.js";
import type { WidgetUser } from "../../user.js";
import type { JackpotOptions, JackpotProfile } from "./options.js";

const CP = /^[A-Za-z0-9 -]{1,16}$/;

/**
 * cp, age, gender: the `profile` hook's, else `identify()`'s fields, else the
 * anonymous defaults ("99", 99). A malformed value is the merchant's bug: a 500.
 *
 * @example
 * const { cp, age } = await resolveProfile(user, req, config.profile);
 */
export async function resolveProfile(
  user: WidgetUser,
  req: Request,
  hook: JackpotOptions["profile"],
): Promise<{ cp: string; age: number; gender?: string }> {
  const fromHook = hook ? await hook(user, req) : undefined;
  if (fromHook !== undefined && fromHook !== null && !isRecord(fromHook)) {
    throw badProfile("profile() must return an object or null");
  }
  const value = (field: keyof JackpotProfile) => fromHook?.[field] ?? user[field] ?? undefined;
  const cp = value("cp");
  const age = value("age");
  const gender = value("gender");
  if (cp !== undefined && (typeof cp !== "string" || !CP.test(cp))) {
    throw badProfile("cp must be a zip code string");
  }
  if (
    age !== undefined &&
    (typeof age !== "number" || !Number.isInteger(age) || age < 0 || age > 150)
  ) {
    throw badProfile("age must be an integer from 0 to 150");
  }
  if (gender !== undefined && (typeof gender !== "string" || !/^[A-Za-z_-]{1,16}$/.test(gender))) {
    throw badProfile("gender must be a short string");
  }
  return {
    cp: (cp as string | undefined) ?? JACKPOT_ANONYMOUS.cp,
    age: (age as number | undefined) ?? JACKPOT_ANONYMOUS.age,
    ...(gender === undefined ? {} : { gender: gender as string }),
  };
}

function badProfile(message: string): WidgetTokensError {
  return new ServiceError("INTERNAL_ERROR", `Jackpot profile is invalid: ${message}`);
}
