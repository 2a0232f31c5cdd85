import { describeRedisScale } from "../redis-scale.suite.js";

describeRedisScale("Redis Cluster");
