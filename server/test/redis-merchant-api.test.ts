import { describeRedisMerchantApi } from "./redis-merchant-api.suite.js";

// The same suite runs on a Redis Cluster in server/test/redis-cluster/ (its own Vitest project).
describeRedisMerchantApi("single Redis");
