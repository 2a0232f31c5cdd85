import { mount } from "@vue/test-utils";
import { createWidgetClient } from "@widget-tokens/client";
import { impact } from "@widget-tokens/client/impact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { h, nextTick } from "vue";
import {
  IMPACT_TOKEN,
  WIDGET,
  counted,
  fakeSquatch,
  fakeTokenServer,
  microtasks,
} from "../../client/test/helpers/binding-fakes.js";
import { ImpactEmbed, WidgetTokensPlugin } from "../src/index.js";

afterEach(() => {
  document.body.innerHTML = "";
});

function setUp() {
  const { scriptUrl } = fakeSquatch();
  const server = fakeTokenServer();
  const provider = counted(impact({ tenantAlias: "test_tenant", scriptUrl }));
  const client = createWidgetClient({
    endpoint: "/widget-tokens",
    fetch: server.fetch,
    providers: [provider],
  });
  return { server, provider, client };
}

const embeds = () => Array.from(document.querySelectorAll("impact-embed"));

describe("<ImpactEmbed> (Vue)", () => {
  it("one token request and one <impact-embed>; a new `widget` re-renders; unmount removes it and destroys the widget", async () => {
    const { client, server, provider } = setUp();
    const wrapper = mount(ImpactEmbed, {
      props: { widget: WIDGET, locale: "en_US" },
      attrs: { class: "referrals" },
      slots: { fallback: () => h("p", "Loading your referral link…") },
      global: { plugins: [[WidgetTokensPlugin, { client }]] },
      attachTo: document.body,
    });
    expect(wrapper.text()).toBe("Loading your referral link…");
    const request = await server.next();
    expect(request.url).toBe("/widget-tokens/impact/user-token");
    expect(request.body).toEqual({ locale: "en_US" });
    request.respond(201, IMPACT_TOKEN);
    await vi.waitFor(() => expect(embeds()).toHaveLength(1));
    await nextTick();
    expect(wrapper.classes()).toContain("referrals");
    expect(wrapper.attributes("data-widget-state")).toBe("open");
    expect(embeds()[0]!.getAttribute("widget")).toBe(WIDGET);
    expect(wrapper.element.contains(embeds()[0]!)).toBe(true);
    expect(wrapper.text()).toBe("");

    embeds()[0]!.dispatchEvent(new Event("sq:widget-loaded"));
    expect(wrapper.emitted("open")).toEqual([[{ provider: "impact" }]]);

    const other = "p/referral-program/w/friendWidget";
    await wrapper.setProps({ widget: other });
    await vi.waitFor(() => expect(embeds()[0]?.getAttribute("widget")).toBe(other));
    expect(embeds()).toHaveLength(1);
    expect(server.requests).toHaveLength(1);

    wrapper.unmount();
    await microtasks();
    expect(embeds()).toHaveLength(0);
    expect(provider.created).toHaveLength(1);
    expect(provider.destroyed()).toBe(1);
  });

  it("shows a shopper-facing alert when the token is refused, or the error slot", async () => {
    const first = setUp();
    const wrapper = mount(ImpactEmbed, { props: { widget: WIDGET, client: first.client } });
    (await first.server.next()).respond(401, { error: { code: "UNAUTHENTICATED", message: "no" } });
    await vi.waitFor(() => expect(wrapper.emitted("error")).toHaveLength(1));
    await nextTick();
    expect(wrapper.get('[role="alert"]').text()).toBe("Please sign in to continue.");
    wrapper.unmount();

    const second = setUp();
    const custom = mount(ImpactEmbed, {
      props: { widget: WIDGET, client: second.client },
      slots: { error: (p?: { error: { code: string } }) => `Unavailable (${p?.error.code})` },
    });
    (await second.server.next()).respond(429, { error: { code: "RATE_LIMITED", message: "slow" } });
    await vi.waitFor(() => expect(custom.emitted("error")).toHaveLength(1));
    await nextTick();
    expect(custom.text()).toBe("Unavailable (RATE_LIMITED)");
    custom.unmount();
  });
});
