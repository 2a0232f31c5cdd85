import { describeRedisMerchantApi } from "../redis-merchant-api.suite.js";

describeRedisMerchantApi("Redis Cluster");
