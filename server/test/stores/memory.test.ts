import { memoryStore } from "../../src/stores/memory.js";
import { describeLedgerContract } from "./ledger-contract.js";
import { describeStoreContract, stillClock } from "./store-contract.js";

const clock = stillClock();
describeStoreContract("memoryStore", (prefix) => memoryStore({ prefix, now: clock.now }), {
  sharedBackend: false,
  timePasses: clock.timePasses,
});
describeLedgerContract("memoryStore", (prefix) => memoryStore({ prefix }), {
  sharedBackend: false,
});
