import { memoryStore } from "../../src/stores/memory.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("memoryStore", (prefix) => memoryStore({ prefix }), { sharedBackend: false });
