/**
 * Where requests report how their dependencies answered (the middleware's
 * health state). A file of its own, apart from tracing.ts: the public
 * declarations reach it, and it must not name `@opentelemetry/api`, an
 * optional peer a merchant may not have installed (`skipLibCheck: false`).
 */
export interface DependencyObserver {
  /** An upstream call: `ok` false when it timed out, could not be made or answered 5xx. */
  upstream(provider: string, ok: boolean): void;
  /** The store was unavailable for a request. */
  storeFailed(): void;
}
