/**
 * A merchant's Vue page on @widget-tokens/vue, as the bindings spec builds
 * it with Vite (e2e/specs/vue-binding.spec.ts). Render functions, so the
 * build needs no SFC plugin. The sandbox's origin and the impact.com tenant
 * come from the query (the sandbox's port changes every run).
 */
import { createWidgetClient, shopperMessage } from "@widget-tokens/client";
import { fluz } from "@widget-tokens/client/fluz";
import { impact } from "@widget-tokens/client/impact";
import { ImpactEmbed, WidgetTokensPlugin, useWidget } from "@widget-tokens/vue";
import { createApp, defineComponent, h, ref } from "vue";

const query = new URLSearchParams(location.search);
const sandbox = query.get("sandbox") ?? "";
const widgets = createWidgetClient({
  endpoint: "/widget-tokens",
  providers: [
    fluz({ scriptUrl: `${sandbox}/fluz/widget.js` }),
    impact({
      tenantAlias: query.get("tenant") ?? "",
      scriptUrl: `${sandbox}/impact/squatch.js`,
      domain: `${sandbox}/impact`,
    }),
  ],
});

const Wallet = defineComponent({
  setup() {
    const amount = ref("42.50");
    const log = ref<string[]>([]);
    const { open, ready, state, error } = useWidget("fluz", {
      onOpen: () => log.value.push("Fluz is open"),
      onSuccess: () => log.value.push(`Deposit of $${amount.value} confirmed`),
      onClose: () => log.value.push("Deposit cancelled"),
    });
    return () =>
      h("main", [
        h("h1", "Vue wallet"),
        h("label", [
          "Amount ",
          h("input", {
            value: amount.value,
            onInput: (e: Event) => {
              amount.value = (e.target as HTMLInputElement).value;
            },
          }),
        ]),
        " ",
        h(
          "button",
          {
            type: "button",
            disabled: !ready.value,
            onClick: () => open({ amount: amount.value, transactionType: "DEPOSIT" }),
          },
          state.value === "loading" ? "Opening Fluz…" : "Deposit with Fluz",
        ),
        h("p", ["Widget state: ", h("output", { "data-testid": "state" }, state.value)]),
        error.value ? h("p", { role: "alert" }, shopperMessage(error.value)) : null,
        h(
          "ul",
          { "aria-label": "Activity" },
          log.value.map((line) => h("li", line)),
        ),
      ]);
  },
});

const Page = defineComponent({
  render: () => [
    h(Wallet),
    h("section", [
      h("h2", "Refer a friend"),
      h(
        ImpactEmbed,
        { id: "referrals", widget: "p/referral-program/w/referrerWidget" },
        { fallback: () => h("p", "Loading your referral link…") },
      ),
    ]),
  ],
});

createApp(Page).use(WidgetTokensPlugin, { client: widgets }).mount("#app");
