import { describeRedisScale } from "./redis-scale.suite.js";

// The same suite runs on a Redis Cluster in server/test/redis-cluster/ (its own Vitest project).
describeRedisScale("single Redis");
