import { WidgetTokensError } from "../errors.js";

/**
 * A merchant hook (`identify`, `authorize`, `checkout`, `onIssued`…) that
 * threw something other than a `WidgetTokensError`: carries the hook's name
 * so the log line says which hook failed, and on which route.
 */
class HookFailure extends Error {
  override readonly name = "HookFailure";
  constructor(
    readonly hook: string,
    override readonly cause: unknown,
  ) {
    super(`${hook} hook threw`);
  }
}

/**
 * Run a merchant hook: a `WidgetTokensError` it throws passes through (the
 * merchant chose that answer); anything else becomes a `HookFailure` naming it.
 * A hook that answers at once is answered at once (no promise is made for
 * it): callers `await` the result either way.
 *
 * @example
 * const user = await callHook("identify", () => identify(req));
 */
export function callHook<T>(hook: string, run: () => T | Promise<T>): T | Promise<T> {
  let value: T | Promise<T>;
  try {
    value = run();
  } catch (err) {
    throw named(hook, err);
  }
  // Any thenable (a hook may return another library's promise), adopted once.
  return typeof (value as { then?: unknown } | null)?.then === "function"
    ? Promise.resolve(value).then(undefined, (err: unknown) => {
        throw named(hook, err);
      })
    : (value as T);
}

function named(hook: string, err: unknown): unknown {
  return err instanceof WidgetTokensError || err instanceof HookFailure
    ? err
    : new HookFailure(hook, err);
}

/**
 * The log line of an error no route expected: the hook that threw (if one
 * did), the route, the error's name and message, and its stack unless
 * `NODE_ENV` is `production`. The logger redacts secrets and tokens from it.
 */
export function describeUnexpected(err: unknown, where: string | undefined): string {
  const hook = err instanceof HookFailure ? err.hook : undefined;
  const cause = err instanceof HookFailure ? err.cause : err;
  const name = cause instanceof Error ? cause.name : typeof cause;
  const message = cause instanceof Error ? cause.message : "";
  const what = hook ? `${hook} hook threw ${name}` : `unexpected ${name}`;
  const route = where ? ` on ${where}` : "";
  const stack =
    process.env.NODE_ENV !== "production" && cause instanceof Error && cause.stack
      ? `\n${cause.stack.split("\n").slice(1).join("\n")}`
      : "";
  return `widget-tokens: ${what}${route}: ${message}${stack}`;
}
