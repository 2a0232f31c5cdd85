import { type Faults, createFaults } from "./faults/fault-registry.js";
import { type Inspector, createInspector } from "./inspect/inspector.js";
import {
  type SandboxNotificationOptions,
  type SandboxNotifications,
  createSandboxNotifications,
} from "./notification-sender.js";
import { type SandboxResets, createResets } from "./reset.js";

/**
 * What every stand-in reports to and reads from: the inspector that records
 * the tokens it receives, the fault switches it obeys, and what it forgets
 * on a reset. `startSandbox`
 * makes one and hands it to every stand-in; pass your own when you mount
 * stand-ins in your app, and share it to see them all in one place.
 */
export interface SandboxHooks {
  inspect: Inspector;
  faults: Faults;
  /** The notifications the stand-ins send when a widget completes (Fluz, Jackpot). */
  notifications: SandboxNotifications;
  /** What each stand-in forgets on `reset` (`POST /__reset`). */
  resets: SandboxResets;
}

/**
 * A fresh inspector, fresh fault switches, a notification sender, no reset handler yet.
 *
 * @example
 * const hooks = createSandboxHooks();
 * app.use(sandboxFluz({ apiKey, apiSecret }, origin, hooks));
 * app.use(sandboxControlRoutes(hooks)); // GET /__inspect, POST /__faults …
 */
export function createSandboxHooks(
  options: {
    maxTokens?: number | undefined;
    notifications?: SandboxNotificationOptions | undefined;
  } = {},
): SandboxHooks {
  const notifications = createSandboxNotifications(options.notifications);
  const resets = createResets();
  resets.add((filter) => notifications.reset(filter));
  return { inspect: createInspector(options), faults: createFaults(), notifications, resets };
}

/** The header that scopes fault switches and inspection to one test. */
export const SCOPE_HEADER = "X-Sandbox-Scope";

/**
 * The `X-Sandbox-Scope` of a request, if any (at most 200 characters).
 *
 * @example
 * scopeOf({ headers: { "x-sandbox-scope": "test-7" } }); // "test-7"
 */
export function scopeOf(req: { headers: Record<string, string | string[] | undefined> }):
  | string
  | undefined {
  const value = req.headers[SCOPE_HEADER.toLowerCase()];
  const scope = (Array.isArray(value) ? value[0] : value)?.trim();
  return scope && scope.length <= 200 ? scope : undefined;
}
