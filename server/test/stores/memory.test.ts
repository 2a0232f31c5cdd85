import { memoryStore } from "../../src/stores/memory.js";
import { describeLedgerContract } from "./ledger-contract.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("memoryStore", (prefix) => memoryStore({ prefix }), { sharedBackend: false });
describeLedgerContract("memoryStore", (prefix) => memoryStore({ prefix }), {
  sharedBackend: false,
});
