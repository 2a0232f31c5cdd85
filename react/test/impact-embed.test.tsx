import { act, cleanup, render, screen } from "@testing-library/react";
import { createWidgetClient } from "@widget-tokens/client";
import { impact } from "@widget-tokens/client/impact";
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  IMPACT_TOKEN,
  WIDGET,
  counted,
  fakeSquatch,
  fakeTokenServer,
  microtasks,
} from "../../client/test/helpers/binding-fakes.js";
import { ImpactEmbed, WidgetTokensProvider } from "../src/index.js";

afterEach(() => cleanup());

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

describe("<ImpactEmbed> (React)", () => {
  it("StrictMode: one token request, one <impact-embed>; unmount removes it and destroys the widget", async () => {
    const { client, server, provider } = setUp();
    const onOpen = vi.fn();
    const { container, unmount } = render(
      <StrictMode>
        <WidgetTokensProvider client={client}>
          <ImpactEmbed
            widget={WIDGET}
            locale="en_US"
            className="referrals"
            fallback={<p>Loading your referral link…</p>}
            onOpen={onOpen}
          />
        </WidgetTokensProvider>
      </StrictMode>,
    );
    const root = container.querySelector(".referrals")!;
    expect(screen.getByText("Loading your referral link…")).toBeTruthy();

    const request = await server.next();
    expect(request.url).toBe("/widget-tokens/impact/user-token");
    expect(request.body).toEqual({ locale: "en_US" });
    await act(async () => request.respond(201, IMPACT_TOKEN));
    await vi.waitFor(() => expect(root.getAttribute("data-widget-state")).toBe("open"));
    expect(server.requests).toHaveLength(1);
    expect(embeds()).toHaveLength(1);
    expect(embeds()[0]!.getAttribute("widget")).toBe(WIDGET);
    expect(embeds()[0]!.getAttribute("locale")).toBe("en_US");
    expect(root.contains(embeds()[0]!)).toBe(true);
    expect(screen.queryByText("Loading your referral link…")).toBeNull();
    expect((window as { impactToken?: string }).impactToken).toBe("user-1");

    act(() => {
      embeds()[0]!.dispatchEvent(new Event("sq:widget-loaded"));
    });
    expect(onOpen).toHaveBeenCalledTimes(1);

    unmount();
    await microtasks();
    expect(embeds()).toHaveLength(0);
    expect(provider.created).toHaveLength(1);
    expect(provider.destroyed()).toBe(1);
  });

  it("renders the new widget when `widget` changes, with the cached token", async () => {
    const { client, server } = setUp();
    const other = "p/referral-program/w/friendWidget";
    const page = (widget: string) => (
      <WidgetTokensProvider client={client}>
        <ImpactEmbed widget={widget} />
      </WidgetTokensProvider>
    );
    const { rerender } = render(page(WIDGET));
    await act(async () => (await server.next()).respond(201, IMPACT_TOKEN));
    await vi.waitFor(() => expect(embeds()).toHaveLength(1));
    rerender(page(other));
    await vi.waitFor(() => expect(embeds()[0]?.getAttribute("widget")).toBe(other));
    expect(embeds()).toHaveLength(1);
    expect(server.requests).toHaveLength(1); // the token is still fresh
  });

  it("shows a shopper-facing alert when the token is refused, or what renderError returns", async () => {
    const { client, server } = setUp();
    render(
      <WidgetTokensProvider client={client}>
        <ImpactEmbed widget={WIDGET} />
      </WidgetTokensProvider>,
    );
    await act(async () =>
      (await server.next()).respond(401, { error: { code: "UNAUTHENTICATED", message: "no" } }),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("Please sign in to continue.");
    expect(embeds()).toHaveLength(0);
    cleanup();

    const second = setUp();
    render(
      <ImpactEmbed
        client={second.client}
        widget={WIDGET}
        renderError={(e) => <em>Referrals are unavailable ({e.code})</em>}
      />,
    );
    await act(async () =>
      (await second.server.next()).respond(429, {
        error: { code: "RATE_LIMITED", message: "slow" },
      }),
    );
    expect((await screen.findByText(/Referrals are unavailable/)).textContent).toBe(
      "Referrals are unavailable (RATE_LIMITED)",
    );
  });
});
