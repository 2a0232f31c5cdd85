import { redisStore } from "@widget-tokens/server";
import { readDemoConfig } from "./config.js";
import { DemoPortError, type RunningDemo, startDemo } from "./start-demo.js";

/** Say what went wrong in one line, on stderr, and exit 1: no stack for a setup mistake. */
function exitWith(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}

let config: ReturnType<typeof readDemoConfig>;
try {
  config = readDemoConfig();
} catch (err) {
  exitWith(err instanceof Error ? err.message : String(err));
}
if (config.generated.length > 0) {
  console.log(
    `demo: not set, so generated at random for this run (values not printed): ${config.generated.join(", ")}`,
  );
}
// REDIS_URL: share state with other instances (see docs/scaling.md).
const redisUrl = process.env.REDIS_URL;
const store = redisUrl ? redisStore({ url: redisUrl }) : undefined;
console.log(
  redisUrl
    ? `demo: store is Redis at ${redisLocation(redisUrl)}`
    : "demo: store is in memory (REDIS_URL is not set)",
);
let demo: RunningDemo;
try {
  demo = await startDemo({
    port: config.port,
    sandboxPort: config.sandboxPort,
    sandboxPortFallback: config.sandboxPortFallback,
    secrets: config.secrets,
    store,
  });
} catch (err) {
  if (!(err instanceof DemoPortError)) throw err;
  exitWith(
    err.reason === "busy"
      ? `port ${err.port} is already in use (another \`npm start\`?). Stop it, or choose a free port: ${err.variable}=${err.port + 10} npm start`
      : `port ${err.port} needs privileges this process does not have. Choose a port above 1023: ${err.variable}=3000 npm start`,
  );
}
if (demo.sandboxPortBusy !== undefined) {
  console.log(
    `demo: port ${demo.sandboxPortBusy} (the default SANDBOX_PORT) is in use, so the sandbox took a free port; set SANDBOX_PORT to fix one`,
  );
}
console.log(`demo: sandbox providers on ${demo.sandbox.url}`);
console.log(`demo: shop on ${demo.url}  (sign in with any user id)`);

const stop = async () => {
  await demo.close();
  await store?.close();
  process.exit(0);
};
// SIGTERM (a rolling deploy, Kubernetes): drain first. New token requests get 503
// SHUTTING_DOWN, in-flight ones finish (up to 10 s), then everything is released.
const drainAndStop = async () => {
  await demo.shutdown(10_000);
  await demo.close();
  await store?.close();
  const { issued, answered } = demo.counts;
  console.log(`demo: drained; issued ${issued} transfer tokens, answered ${answered}`);
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", drainAndStop);

/** Host, port and database of a Redis URL: never its user name or password. */
function redisLocation(url: string): string {
  const { protocol, hostname, port, pathname } = new URL(url);
  return `${protocol}//${hostname}:${port || "6379"}${pathname.length > 1 ? pathname : ""}`;
}
