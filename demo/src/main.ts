import { redisStore } from "@widget-tokens/server";
import { readDemoConfig } from "./config.js";
import { startDemo } from "./start-demo.js";

const config = readDemoConfig();
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
const demo = await startDemo({
  port: config.port,
  sandboxPort: config.sandboxPort,
  secrets: config.secrets,
  store,
});
console.log(`demo: sandbox providers on ${demo.sandbox.url}`);
console.log(`demo: shop on ${demo.url}  (sign in with any user id)`);

const stop = async () => {
  await demo.close();
  await store?.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

/** Host, port and database of a Redis URL: never its user name or password. */
function redisLocation(url: string): string {
  const { protocol, hostname, port, pathname } = new URL(url);
  return `${protocol}//${hostname}:${port || "6379"}${pathname.length > 1 ? pathname : ""}`;
}
