import { expect } from "@playwright/test";
import { bindingsTest, shopperPath } from "../bindings/bindings-app.js";

const test = bindingsTest("react-app");

test("React (StrictMode): <ImpactEmbed> renders the referral widget, the useWidget('fluz') button opens one sandbox Fluz modal with the verified amount", async ({
  page,
  bindings,
}) => {
  test.setTimeout(60_000); // two real widgets (squatch-js, Fluz) in one test
  expect(await shopperPath(page, bindings, "react-binding")).toEqual({
    // One valid token each, whatever StrictMode mounted twice.
    verdicts: { impact: ["valid"], fluz: ["valid"] },
    events: ["Fluz is open", "Deposit of $42.50 confirmed"],
    pageErrors: [],
  });
});
