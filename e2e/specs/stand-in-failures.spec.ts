import { expect, signIn, snapshot, test } from "../fixtures.js";

// A stand-in's page that gets a garbage 200 says so precisely, as the
// provider's own page would, instead of showing it as data.
for (const [shape, message] of [
  ["wrong-shape", "Fluz's answer (/fluz/api/verify) has no sessionId"],
  ["html", "Fluz answered HTTP 200 with a body that is not JSON (/fluz/api/verify)"],
] as const) {
  test(`the Fluz modal given a ${shape} 200 shows what is wrong`, async ({
    page,
    demo,
    faults,
    widgetFrame,
  }) => {
    await faults.set({ kind: "garbage", shape, provider: "fluz" });
    await signIn(page, demo, { id: `cust_garbage_${shape}` });
    await page.getByRole("button", { name: "Withdraw" }).click();
    const alert = widgetFrame("fluz").getByRole("alert");
    await expect(alert).toHaveText(message);
    await expect(alert).not.toContainText("Cannot read properties");
    await snapshot(page, `fluz-garbage-${shape}`);
  });
}
