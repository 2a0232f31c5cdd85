/**
 * Type tests for `TokenApi.post`: `tsc` (npm run typecheck) checks this file;
 * every `@ts-expect-error` line must fail to compile, or the check fails.
 */
import type {
  FluzTokenResponse,
  Gr4vyTokenResponse,
  ImpactTokenResponse,
  JackpotSessionTokenResponse,
} from "@widget-tokens/shared";
import { type TokenApi, createTokenApi } from "../src/index.js";

const api: TokenApi = createTokenApi({ endpoint: "/widget-tokens" });

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
const same = <A, B>(_proof: Equal<A, B>) => {};

export async function validCalls() {
  const fluz = await api.post("fluz", { amount: "50.00", transactionType: "WITHDRAW" });
  same<typeof fluz, FluzTokenResponse>(true);
  const impact = await api.post("impact", { locale: "fr_CA" });
  same<typeof impact, ImpactTokenResponse>(true);
  const gr4vy = await api.post("gr4vy", {});
  same<typeof gr4vy, Gr4vyTokenResponse>(true);
  const jackpot = await api.post("jackpot", { amount: 25 }, { idempotencyKey: "k" });
  same<typeof jackpot, JackpotSessionTokenResponse>(true);
}

export async function invalidCalls() {
  // @ts-expect-error: not a token route
  await api.post("fluzz", { amount: 1, transactionType: "DEPOSIT" });
  // @ts-expect-error: a path is not a route name
  await api.post("/fluz/pat-token", { amount: 1, transactionType: "DEPOSIT" });
  // @ts-expect-error: Fluz needs a transactionType
  await api.post("fluz", { amount: 1 });
  // @ts-expect-error: a transactionType Fluz does not know
  await api.post("fluz", { amount: 1, transactionType: "REFUND" });
  // @ts-expect-error: the amount of a Gr4vy checkout comes from the server, never the browser
  await api.post("gr4vy", { amount: 1299 });
  // @ts-expect-error: Jackpot's body is { amount }
  await api.post("jackpot", { value: 25 });
  // @ts-expect-error: the body of one route on another
  await api.post("impact", { amount: 25 });
  const jackpot = await api.post("jackpot", { amount: 25 });
  // @ts-expect-error: a Jackpot answer has a sessionToken, not a token
  jackpot.token;
}
