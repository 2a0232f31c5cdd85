import { WidgetTokensOptionError } from "../errors.js";

interface Collection {
  errors: WidgetTokensOptionError[];
}

/** The collection the options being read report into; undefined: each error throws at once. */
let active: Collection | undefined;

/**
 * Report a malformed option: recorded when options are being read under
 * `collectOptionErrors` (and `placeholder` returned, so reading goes on and
 * finds the next problem), thrown otherwise.
 *
 * @example
 * return deferOptionError(() => requireString(value, "providers.fluz.apiKey"), "");
 */
export function deferOptionError<T>(read: () => T, placeholder: T): T {
  if (active === undefined) return read();
  try {
    return read();
  } catch (err) {
    if (!(err instanceof WidgetTokensOptionError)) throw err;
    record(active, err);
    return placeholder;
  }
}

/**
 * Run `build`, collecting every `WidgetTokensOptionError` its steps report
 * instead of stopping at the first: one problem throws as itself; several
 * throw one `WidgetTokensOptionError` listing each (its `option` is the
 * first's, `errors` holds them all). A later problem about an option already
 * reported, or below it, is the first one's echo and is left out. `attempt`
 * runs one independent step: its error is recorded and reading goes on; any
 * other error it throws once a problem is recorded is a consequence of that
 * problem's placeholder, and is dropped. `failed()` tells `build` whether
 * anything was recorded (to release what it started before the throw).
 * Nested calls report into the outermost one.
 *
 * @example
 * const config = collectOptionErrors(({ attempt }) => ({
 *   body: attempt(() => readBodyOptions(o)),
 *   origins: attempt(() => readOriginOptions(o)),
 * }));
 */
export function collectOptionErrors<T>(
  build: (tools: { attempt: <R>(step: () => R) => R | undefined; failed: () => boolean }) => T,
): T {
  const outer = active;
  const collection = outer ?? { errors: [] };
  const attempt = <R>(step: () => R): R | undefined => {
    try {
      return step();
    } catch (err) {
      if (err instanceof WidgetTokensOptionError) record(collection, err);
      else if (collection.errors.length === 0) throw err;
      return undefined;
    }
  };
  active = collection;
  let result: T;
  try {
    result = build({ attempt, failed: () => collection.errors.length > 0 });
  } catch (err) {
    if (!(err instanceof WidgetTokensOptionError) && collection.errors.length === 0) throw err;
    if (err instanceof WidgetTokensOptionError) record(collection, err);
    result = undefined as T;
  } finally {
    active = outer;
  }
  if (outer !== undefined) return result;
  const { errors } = collection;
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new WidgetTokensOptionErrors(errors);
  return result;
}

/** Several problems at once: one error whose message lists each (one a line). */
class WidgetTokensOptionErrors extends WidgetTokensOptionError {
  override readonly name: string = "WidgetTokensOptionError";
  readonly errors: readonly WidgetTokensOptionError[];

  constructor(errors: readonly WidgetTokensOptionError[]) {
    super(errors[0]!.option, "");
    this.message = `widget-tokens: ${errors.length} options are wrong:\n${errors
      .map((e) => `- ${e.message.replace(/^widget-tokens: /, "")}`)
      .join("\n")}`;
    this.errors = errors;
  }
}

function record(collection: Collection, err: WidgetTokensOptionError): void {
  const echoes = collection.errors.some(
    (e) =>
      err.option === e.option ||
      err.option.startsWith(`${e.option}.`) ||
      err.option.startsWith(`${e.option}[`),
  );
  if (!echoes) collection.errors.push(err);
}

/**
 * Run `read` for its defaults only: problems are neither recorded nor thrown
 * (an option error gives undefined). What a part falls back to once its own
 * problem was recorded, so the rest of the options can still be read.
 *
 * @example
 * const body = attempt(() => readBodyOptions(o)) ?? quietly(() => readBodyOptions(empty));
 */
export function quietly<T>(read: () => T): T | undefined {
  const outer = active;
  active = { errors: [] };
  try {
    return read();
  } catch (err) {
    if (err instanceof WidgetTokensOptionError) return undefined;
    throw err;
  } finally {
    active = outer;
  }
}
