import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { SandboxError } from "./errors.js";
import { newSwitch, switchList } from "./faults/switch-list.js";
import { type ResetFilter, named } from "./reset-filter.js";

/**
 * How the sandbox misdelivers a provider's notifications, per test:
 * - `duplicate`: every notification is sent twice, at once (two copies racing);
 * - `out-of-order`: a completion's notifications are sent last first
 *   (Jackpot's `READY` before its `RESERVED`, Fluz's `WIDGET_*_COMPLETE`
 *   before its `TRANSACTION_CREATE`), each after the previous one's answer;
 * - `bad-signature`: each notification's first attempt is signed with a
 *   wrong key; the retry is signed right;
 * - `late`: the notifications are held until `release()` (or
 *   `POST /__notifications/release`), then sent, signed at that moment.
 */
export const NOTIFICATION_FAULT_KINDS = [
  "duplicate",
  "out-of-order",
  "bad-signature",
  "late",
] as const;
export type NotificationFaultKind = (typeof NOTIFICATION_FAULT_KINDS)[number];

/** The providers whose stand-ins send notifications. */
export const NOTIFYING_PROVIDERS = ["fluz", "jackpot", "impact"] as const;
export type NotifyingProvider = (typeof NOTIFYING_PROVIDERS)[number];

/** A delivery fault switch to flip: from JS (`sandbox.notifications.faults.set`) or HTTP. */
export interface NotificationFaultSpec {
  kind: NotificationFaultKind;
  /** Only this provider's notifications. Default: every provider's. */
  provider?: NotifyingProvider;
  /** Only completions requested with `X-Sandbox-Scope: <scope>` (the test's browser). */
  scope?: string;
  /** Only this user's completions (Fluz `externalId`, Jackpot `userId`, impact.com `user.id`). */
  user?: string;
  /** Only the next `times` matching completions, then off. Default: until cleared. */
  times?: number;
}

/** A delivery fault switch that is on. */
export interface NotificationFaultRule {
  id: string;
  kind: NotificationFaultKind;
  provider: NotifyingProvider | null;
  scope: string | null;
  user: string | null;
  /** Completions it still applies to; null: until cleared. */
  remaining: number | null;
}

/** When and how often a notification is sent again after a non-2xx answer or a timeout. */
export interface NotificationRetryPolicy {
  /** Attempts in all, the first included. Default 5 (Fluz: "retries up to 5 times"). */
  attempts: number;
  /** The wait before the first retry, ms; each next one doubles. Default 1000. */
  firstDelayMs: number;
  /** The longest wait between two attempts, ms. Default 60 000. */
  maxDelayMs: number;
  /** How long one attempt may take before it counts as failed, ms. Default 10 000. */
  timeoutMs: number;
}

/** One event a completed widget makes the provider send, in the provider's order. */
export interface ProviderEvent {
  /** What it is: Fluz's `eventType`, Jackpot's voucher `state`, impact.com's `type`. */
  event: string;
  body: Record<string, unknown>;
  /** Query parameters of the notification URL (Jackpot's `notificationKey`). */
  query?: Record<string, string>;
  /** Headers besides the signature's (Fluz's `X-Event-ID`). */
  headers?: Record<string, string>;
}

/** What a stand-in reports when its widget completes: everything the sender sends. */
export interface Completion {
  provider: NotifyingProvider;
  /** The HMAC-SHA256 key the merchant verifies with. */
  secret: string;
  /** Where the hex signature and the Unix time it covers travel. */
  signatureHeader: string;
  timestampHeader: string;
  /** The ledger key the notifications carry (Fluz `jti`, Jackpot `notificationKey`, impact.com `jti`). */
  key: string;
  user: string;
  /** The completing request's `X-Sandbox-Scope`. */
  scope?: string | undefined;
  events: ProviderEvent[];
}

/** One attempt to deliver a notification. */
export interface NotificationAttempt {
  at: string;
  /** The HTTP status; 0 when no answer came (refused, reset, timed out). */
  status: number;
  /** The answer's `error.code` or `status` ("settled", "replayed"…), or the network error. */
  outcome: string | null;
  signature: "valid" | "invalid";
}

/** One notification (one copy of it, with `duplicate`) and what became of it. */
export interface NotificationDelivery {
  id: string;
  provider: NotifyingProvider;
  key: string;
  user: string;
  scope: string | null;
  event: string;
  /** 1, or 2 for the second copy of a `duplicate`. */
  copy: number;
  /** Where it went: null while no notification URL is set (`state` is then `no-url`). */
  url: string | null;
  /**
   * `held` (a `late` switch: waiting for `release`), `sending` (attempts
   * under way), `delivered` (a 2xx), `failed` (no 2xx within the attempts,
   * or dropped by a reset while held), `no-url` (nowhere to send it).
   */
  state: "held" | "sending" | "delivered" | "failed" | "no-url";
  faults: NotificationFaultKind[];
  attempts: NotificationAttempt[];
}

/** Which deliveries a `waitFor`, `list` or `release` is about. */
export interface DeliveryFilter {
  /** One delivery, by its id. */
  id?: string | undefined;
  provider?: NotifyingProvider | undefined;
  key?: string | undefined;
  user?: string | undefined;
  scope?: string | undefined;
  event?: string | undefined;
}

/** What `createSandboxNotifications` takes (and `startSandbox({ notifications })`). */
export interface SandboxNotificationOptions {
  /**
   * The base URL of the merchant's notification routes, e.g.
   * `http://localhost:3000/widget-tokens`: Fluz's go to `<url>/fluz/notifications`,
   * Jackpot's to `<url>/jackpot/notifications?notificationKey=…`. Default:
   * none (nothing is sent) until `notifications.url` is set.
   */
  url?: string | null | undefined;
  retry?: Partial<NotificationRetryPolicy> | undefined;
  /** The sender's clock (ms), for the signed timestamp. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * The notifications the stand-ins send, server to server, when a widget
 * completes, and the test handle over them: where they go, how they are
 * retried, the delivery fault switches, and what was delivered.
 *
 * @example
 * sandbox.notifications.url = `${shop}/widget-tokens`;
 * sandbox.notifications.faults.set({ kind: "duplicate", provider: "fluz", scope: testId });
 * // … the widget completes …
 * const done = await sandbox.notifications.waitFor({ provider: "fluz", key: jti });
 */
export interface SandboxNotifications {
  /** The base URL notifications go to (see `SandboxNotificationOptions.url`). */
  url: string | null;
  readonly retry: NotificationRetryPolicy;
  faults: {
    /** Throws `SandboxError` `INVALID_FAULT`. */
    set(spec: NotificationFaultSpec): NotificationFaultRule;
    list(): NotificationFaultRule[];
    remove(id: string): boolean;
    /** Switch off the rules matching exactly (all without a filter); returns how many. */
    clear(filter?: {
      provider?: NotifyingProvider | undefined;
      scope?: string | undefined;
      user?: string | undefined;
    }): number;
  };
  /** Every delivery so far (the latest 500), oldest first. */
  list(filter?: DeliveryFilter): NotificationDelivery[];
  /**
   * The first delivery matching `filter` to be `delivered` or `failed`
   * (one already done counts). Rejects after `timeoutMs` (default 30 000).
   */
  waitFor(filter: DeliveryFilter, timeoutMs?: number): Promise<NotificationDelivery>;
  /** The first held (`late`) delivery matching `filter`, once there is one. */
  waitForHeld(filter: DeliveryFilter, timeoutMs?: number): Promise<NotificationDelivery>;
  /**
   * Send the held (`late`) notifications matching `filter` now (with the
   * rest of their completion, in order); returns how many completions.
   */
  release(filter?: DeliveryFilter): number;
  /**
   * Forget a user's or a test's scope's delivery switches and drop their
   * held (`late`) notifications (everyone's without either); how many.
   * Part of `sandbox.reset`.
   */
  reset(filter: ResetFilter): number;
  /** A stand-in's widget completed: send its notifications. */
  completed(completion: Completion): void;
  /** Stop: pending retries and held notifications are dropped. */
  close(): void;
}

const MAX_DELIVERIES = 500;

/** The retry policy, each field checked. */
function readRetry(given: Partial<NotificationRetryPolicy> = {}): NotificationRetryPolicy {
  const field = (name: keyof NotificationRetryPolicy, fallback: number, min: number) => {
    const value = given[name] ?? fallback;
    if (!Number.isInteger(value) || value < min || value > 3_600_000) {
      throw new SandboxError(
        "INVALID_OPTIONS",
        `notifications.retry.${name} must be an integer from ${min} to 3600000`,
        `notifications.retry.${name}`,
      );
    }
    return value;
  };
  return {
    attempts: field("attempts", 5, 1),
    firstDelayMs: field("firstDelayMs", 1000, 0),
    maxDelayMs: field("maxDelayMs", 60_000, 0),
    timeoutMs: field("timeoutMs", 10_000, 1),
  };
}

/** A fault spec from JS or JSON, checked. */
export function parseNotificationFault(value: unknown): NotificationFaultSpec {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const invalid = (field: string, message: string) =>
    new SandboxError("INVALID_FAULT", message, field);
  if (!NOTIFICATION_FAULT_KINDS.includes(v.kind as NotificationFaultKind)) {
    throw invalid("kind", `kind must be one of ${NOTIFICATION_FAULT_KINDS.join(", ")}`);
  }
  const spec: NotificationFaultSpec = { kind: v.kind as NotificationFaultKind };
  if (v.provider !== undefined) {
    if (!NOTIFYING_PROVIDERS.includes(v.provider as NotifyingProvider)) {
      throw invalid("provider", `provider must be one of ${NOTIFYING_PROVIDERS.join(", ")}`);
    }
    spec.provider = v.provider as NotifyingProvider;
  }
  for (const name of ["scope", "user"] as const) {
    if (v[name] === undefined) continue;
    if (typeof v[name] !== "string" || v[name].length === 0 || v[name].length > 200) {
      throw invalid(name, `${name} must be a string of 1 to 200 characters`);
    }
    spec[name] = v[name];
  }
  if (v.times !== undefined) {
    if (!Number.isInteger(v.times) || (v.times as number) < 1 || (v.times as number) > 1000) {
      throw invalid("times", "times must be an integer from 1 to 1000");
    }
    spec.times = v.times as number;
  }
  return spec;
}

const matches = (d: NotificationDelivery, f: DeliveryFilter) =>
  (f.id === undefined || d.id === f.id) &&
  (f.provider === undefined || d.provider === f.provider) &&
  (f.key === undefined || d.key === f.key) &&
  (f.user === undefined || d.user === f.user) &&
  (f.scope === undefined || d.scope === f.scope) &&
  (f.event === undefined || d.event === f.event);

/** The answer's `error.code` or `status`, if it has one. */
async function outcomeOf(res: Response): Promise<string | null> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: unknown };
    status?: unknown;
  } | null;
  const value = body?.error?.code ?? body?.status;
  return typeof value === "string" ? value.slice(0, 100) : null;
}

/**
 * The sandbox's notification sender.
 *
 * @example
 * const notifications = createSandboxNotifications({ url: "http://localhost:3000/widget-tokens" });
 */
export function createSandboxNotifications(
  options: SandboxNotificationOptions = {},
): SandboxNotifications {
  const retry = readRetry(options.retry);
  if (options.url != null && !/^https?:\/\/[^/]/.test(options.url)) {
    throw new SandboxError(
      "INVALID_OPTIONS",
      "notifications.url must be an http:// or https:// URL",
      "notifications.url",
    );
  }
  const now = options.now ?? Date.now;
  const rules: NotificationFaultRule[] = [];
  const deliveries: NotificationDelivery[] = [];
  const held = new Map<NotificationDelivery, () => void>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const stop = new AbortController();

  const changed = (d: NotificationDelivery) => events.emit("change", d);

  /** The kinds of fault one completion gets, each counting one use of its switch. */
  function faultsFor(c: Completion): NotificationFaultKind[] {
    const kinds: NotificationFaultKind[] = [];
    for (const kind of NOTIFICATION_FAULT_KINDS) {
      // The newest matching switch of each kind.
      const rule = rules
        .filter(
          (r) =>
            r.kind === kind &&
            (r.provider === null || r.provider === c.provider) &&
            (r.scope === null || r.scope === c.scope) &&
            (r.user === null || r.user === c.user),
        )
        .pop();
      if (!rule) continue;
      kinds.push(kind);
      if (rule.remaining !== null && --rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
    }
    return kinds;
  }

  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stop.signal.aborted) return reject(stop.signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(stop.signal.reason);
      };
      const timer = setTimeout(() => {
        stop.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      stop.signal.addEventListener("abort", onAbort, { once: true });
    });

  /** Send one notification until a 2xx or the last attempt. */
  async function deliver(d: NotificationDelivery, c: Completion, e: ProviderEvent): Promise<void> {
    const url = d.url!;
    const rawBody = JSON.stringify(e.body);
    d.state = "sending";
    changed(d);
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      if (attempt > 1) {
        await wait(Math.min(retry.firstDelayMs * 2 ** (attempt - 2), retry.maxDelayMs));
      }
      const forged = attempt === 1 && d.faults.includes("bad-signature");
      const timestamp = Math.floor(now() / 1000);
      const key = forged ? randomBytes(32).toString("hex") : c.secret;
      const signature = createHmac("sha256", key).update(`${timestamp}.${rawBody}`).digest("hex");
      const record: NotificationAttempt = {
        at: new Date().toISOString(),
        status: 0,
        outcome: null,
        signature: forged ? "invalid" : "valid",
      };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "User-Agent": `widget-tokens-sandbox/${c.provider}-notifications`,
            ...e.headers,
            [c.signatureHeader]: signature,
            [c.timestampHeader]: String(timestamp),
          },
          body: rawBody,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(retry.timeoutMs)]),
        });
        record.status = res.status;
        record.outcome = await outcomeOf(res);
      } catch (err) {
        if (stop.signal.aborted) return;
        record.outcome = (err as Error).name === "TimeoutError" ? "timeout" : "no answer";
      }
      d.attempts.push(record);
      if (record.status >= 200 && record.status < 300) {
        d.state = "delivered";
        changed(d);
        return;
      }
      changed(d);
    }
    d.state = "failed";
    changed(d);
  }

  const notifications: SandboxNotifications = {
    url: options.url ?? null,
    retry,
    faults: {
      set(spec) {
        const s = parseNotificationFault(spec);
        const rule: NotificationFaultRule = { ...newSwitch(s), remaining: s.times ?? null };
        rules.push(rule);
        return { ...rule };
      },
      list: () => rules.map((r) => ({ ...r })),
      ...switchList(rules),
    },
    list: (filter = {}) =>
      deliveries.filter((d) => matches(d, filter)).map((d) => structuredClone(d)),
    waitFor: (filter, timeoutMs) =>
      waitForDelivery(
        (d) => matches(d, filter) && (d.state === "delivered" || d.state === "failed"),
        timeoutMs,
      ),
    waitForHeld: (filter, timeoutMs) =>
      waitForDelivery((d) => matches(d, filter) && d.state === "held", timeoutMs),
    release(filter = {}) {
      let released = 0;
      for (const [d, send] of held) {
        if (!matches(d, filter)) continue;
        held.delete(d);
        send();
        released++;
      }
      return released;
    },
    reset(filter) {
      let forgotten = 0;
      for (let i = rules.length - 1; i >= 0; i--) {
        const r = rules[i]!;
        // A switch for everyone is only forgotten by a reset of everything.
        if (named(filter, r.user, r.scope)) {
          rules.splice(i, 1);
          forgotten++;
        }
      }
      for (const d of held.keys()) {
        if (!named(filter, d.user, d.scope)) continue;
        held.delete(d);
        d.state = "failed";
        changed(d);
        forgotten++;
      }
      return forgotten;
    },
    completed(c) {
      const faults = faultsFor(c);
      const ordered = faults.includes("out-of-order") ? [...c.events].reverse() : c.events;
      const copies = faults.includes("duplicate") ? 2 : 1;
      const base = notifications.url?.replace(/\/+$/, "") ?? null;
      const planned = ordered.map((e) => {
        const query = new URLSearchParams(e.query ?? {}).toString();
        const url = base && `${base}/${c.provider}/notifications${query ? `?${query}` : ""}`;
        const sends = Array.from({ length: copies }, (_, i) => {
          const d: NotificationDelivery = {
            id: randomUUID(),
            provider: c.provider,
            key: c.key,
            user: c.user,
            scope: c.scope ?? null,
            event: e.event,
            copy: i + 1,
            url,
            state: url === null ? "no-url" : faults.includes("late") ? "held" : "sending",
            faults,
            attempts: [],
          };
          deliveries.push(d);
          if (deliveries.length > MAX_DELIVERIES) deliveries.shift();
          return d;
        });
        return { e, sends };
      });
      if (base === null) {
        for (const { sends } of planned) for (const d of sends) changed(d);
        return;
      }
      // Each event after the previous one's answer: the order is the one chosen.
      const run = async () => {
        for (const { e, sends } of planned) {
          await Promise.all(sends.map((d) => deliver(d, c, e)));
        }
      };
      const start = () => void run().catch(() => undefined);
      if (!faults.includes("late")) return start();
      // Held as one: released together, in their order.
      let started = false;
      const once = () => {
        if (started) return;
        started = true;
        for (const { sends } of planned) for (const d of sends) held.delete(d);
        start();
      };
      for (const { sends } of planned) {
        for (const d of sends) {
          held.set(d, once);
          changed(d);
        }
      }
    },
    close() {
      held.clear();
      stop.abort(new Error("the sandbox closed"));
      events.emit("close");
    },
  };

  function waitForDelivery(
    done: (d: NotificationDelivery) => boolean,
    timeoutMs = 30_000,
  ): Promise<NotificationDelivery> {
    const found = deliveries.find(done);
    if (found) return Promise.resolve(structuredClone(found));
    return new Promise((resolve, reject) => {
      const finish = (error: Error | null, d?: NotificationDelivery) => {
        clearTimeout(timer);
        events.off("change", onChange);
        events.off("close", onClose);
        if (error) reject(error);
        else resolve(structuredClone(d!));
      };
      const onChange = (d: NotificationDelivery) => {
        if (done(d)) finish(null, d);
      };
      const onClose = () => finish(new SandboxError("SANDBOX_CLOSED", "the sandbox closed"));
      const timer = setTimeout(
        () =>
          finish(
            new SandboxError(
              "INSPECT_TIMEOUT",
              `no such notification delivery within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      events.on("change", onChange);
      events.on("close", onClose);
    });
  }

  return notifications;
}
