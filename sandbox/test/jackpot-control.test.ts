import { jackpotSandboxControl, startSandbox } from "@widget-tokens/sandbox";
import { describe, expect, it } from "vitest";
import { send } from "./helpers/http.js";
import { grant, jackpotAssertion } from "./helpers/tokens.js";

describe("the Jackpot control object (the older test API) still works", () => {
  it("its modes answer as before and win over sandbox.faults; its ledger records statuses", async () => {
    const control = jackpotSandboxControl();
    const sandbox = await startSandbox({ providers: { jackpot: { control } } });
    try {
      const jackpot = sandbox.credentials.jackpot!;
      const url = `${sandbox.url}/jackpot/v2/token`;
      control.faults.mode = "missing-token";
      sandbox.faults.set({ kind: "500", provider: "jackpot" });
      const res = await send(url, grant(jackpot, await jackpotAssertion(jackpot)));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ token_type: "Bearer", expires_in: 3600 });
      control.reset();
      const ok = await send(url, grant(jackpot, await jackpotAssertion(jackpot)));
      expect(ok.status).toBe(500);
      sandbox.faults.clear();
      await send(url, grant(jackpot, await jackpotAssertion(jackpot)));
      expect(control.exchanges.map((e) => e.status)).toEqual([500, 200]);
    } finally {
      await sandbox.close();
    }
  });
});
