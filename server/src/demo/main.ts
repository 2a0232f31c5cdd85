import { readDemoConfig } from "./config.js";
import { startDemo } from "./start-demo.js";

const config = readDemoConfig();
for (const name of config.generated) {
  console.log(`demo: ${name} is not set; generated a random development value (not printed)`);
}
const demo = await startDemo({
  port: config.port,
  sandboxPort: config.sandboxPort,
  secrets: config.secrets,
});
console.log(`demo: sandbox providers on ${demo.sandbox.url}`);
console.log(`demo: shop on ${demo.url}  (sign in with any user id)`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
