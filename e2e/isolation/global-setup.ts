import { startExampleShop } from "@widget-tokens/example-shop";
import { credentialsToEnv, startSandbox } from "@widget-tokens/sandbox";

/** Where the workers find the one shop every test shares (the sandbox: WIDGET_TOKENS_SANDBOX_URL). */
export const SHOP_URL_ENV = "ISOLATION_SHOP_URL";

/**
 * One sandbox and one example shop for every worker, as a QA team runs them
 * (`widget-tokens sandbox` and their app under `webServer`): the workers
 * connect to both, so their tests share the stand-ins and the shop's
 * merchant-API session.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const sandbox = await startSandbox({ host: "127.0.0.1" });
  const shop = await startExampleShop({
    port: 0,
    sandboxUrl: sandbox.url,
    env: credentialsToEnv(sandbox.credentials),
  });
  process.env.WIDGET_TOKENS_SANDBOX_URL = sandbox.url;
  process.env[SHOP_URL_ENV] = shop.url;
  return async () => {
    await shop.close();
    await sandbox.close();
  };
}
