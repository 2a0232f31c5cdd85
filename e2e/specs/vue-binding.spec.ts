import { expect } from "@playwright/test";
import { bindingsTest, shopperPath } from "../bindings/bindings-app.js";

const test = bindingsTest("vue-app");

test("Vue: <ImpactEmbed> renders the referral widget, the useWidget('fluz') button opens the sandbox Fluz modal with the verified amount", async ({
  page,
  bindings,
}) => {
  test.setTimeout(60_000); // two real widgets (squatch-js, Fluz) in one test
  expect(await shopperPath(page, bindings, "vue-binding")).toEqual({
    // One valid token each, whatever the app mounted twice.
    verdicts: { impact: ["valid"], fluz: ["valid"] },
    events: ["Fluz is open", "Deposit of $42.50 confirmed"],
    pageErrors: [],
  });
});
