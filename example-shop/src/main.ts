#!/usr/bin/env node
/**
 * `widget-tokens-example-shop`: the example shop on PORT (default 3000),
 * configured from the environment `widget-tokens sandbox --write-env` writes
 * (`node --env-file=.env.sandbox`, or `--env-file .env.sandbox` here).
 */
import { existsSync } from "node:fs";
import { startExampleShop } from "./example-shop.js";

const USAGE = "usage: widget-tokens-example-shop [--env-file <file>] [--port <port>]";

function fail(message: string): never {
  console.error(`widget-tokens-example-shop: ${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let port = process.env.PORT ?? "3000";
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const value = args[i + 1];
  if (arg === "--env-file") {
    if (!value) fail("--env-file needs a file");
    if (!existsSync(value)) fail(`--env-file ${value}: no such file`);
    process.loadEnvFile(value);
    i++;
  } else if (arg === "--port") {
    if (!value) fail("--port needs a number");
    port = value;
    i++;
  } else {
    fail(`unknown argument ${arg}`);
  }
}
if (!/^\d{1,5}$/.test(port)) fail(`the port ${JSON.stringify(port)} is not a number`);
const sandboxUrl = process.env.SANDBOX_URL;
if (!sandboxUrl) fail("SANDBOX_URL is not set: start it with the sandbox's .env.sandbox");

const shop = await startExampleShop({
  port: Number(port),
  sandboxUrl,
  env: process.env,
  ...(process.env.SESSION_SECRET ? { sessionSecret: process.env.SESSION_SECRET } : {}),
});
console.log(`example shop: ${shop.url}`);
const stop = () => {
  shop.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
