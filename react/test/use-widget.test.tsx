import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createWidgetClient } from "@widget-tokens/client";
import { fluz } from "@widget-tokens/client/fluz";
import { StrictMode, useEffect, useRef } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  FLUZ_TOKEN,
  counted,
  fakeModalScript,
  fakeTokenServer,
  microtasks,
} from "../../client/test/helpers/binding-fakes.js";
import {
  type UseWidgetOptions,
  WidgetTokensProvider,
  useWidget,
  useWidgetClient,
} from "../src/index.js";

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, "FluzWidget");
});

/** A shop's wallet card: one button, the state, the error code, and every state it went through. */
function Wallet({ states = [], ...options }: UseWidgetOptions & { states?: string[] }) {
  const { open, ready, state, error } = useWidget("fluz", options);
  const seen = useRef(states);
  useEffect(() => {
    seen.current.push(state);
  }, [state]);
  return (
    <section>
      <button
        type="button"
        disabled={!ready}
        onClick={() => void open({ amount: "50.00", transactionType: "DEPOSIT" })}
      >
        Deposit
      </button>
      <output data-testid="state">{state}</output>
      {error && <p role="alert">{error.code}</p>}
    </section>
  );
}

function setUp() {
  const script = fakeModalScript();
  const server = fakeTokenServer();
  const provider = counted(fluz({ scriptUrl: script.scriptUrl }));
  const client = createWidgetClient({
    endpoint: "/widget-tokens",
    fetch: server.fetch,
    providers: [provider],
  });
  return { ...script, server, provider, client };
}

const state = () => screen.getByTestId("state").textContent;

describe("useWidget (React)", () => {
  it("goes idle → loading → open → idle (closed), and calls the callbacks", async () => {
    const { client, server, opened } = setUp();
    const states: string[] = [];
    const onOpen = vi.fn();
    const onClose = vi.fn();
    const onSuccess = vi.fn();
    render(
      <WidgetTokensProvider client={client}>
        <Wallet states={states} onOpen={onOpen} onClose={onClose} onSuccess={onSuccess} />
      </WidgetTokensProvider>,
    );
    const button = screen.getByRole("button", { name: "Deposit" });
    expect(button).toHaveProperty("disabled", false);
    expect(state()).toBe("idle");

    fireEvent.click(button);
    const request = await server.next();
    expect(request.url).toBe("/widget-tokens/fluz/pat-token");
    expect(request.body).toEqual({ amount: "50.00", transactionType: "DEPOSIT" });
    expect(state()).toBe("loading");
    expect(button).toHaveProperty("disabled", true); // not ready while loading

    await act(async () => request.respond(201, FLUZ_TOKEN));
    await screen.findByText("open");
    expect(opened.map((m) => m.token)).toEqual(["pat-1"]);
    act(() => opened[0]!.onEvent("open"));
    expect(onOpen).toHaveBeenCalledWith({ provider: "fluz" });

    act(() => opened[0]!.onEvent("close"));
    expect(state()).toBe("idle");
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(states).toEqual(["idle", "loading", "open", "idle"]);
  });

  it("reports success with the provider's detail", async () => {
    const { client, server, opened } = setUp();
    const onSuccess = vi.fn();
    render(
      <WidgetTokensProvider client={client}>
        <Wallet onSuccess={onSuccess} />
      </WidgetTokensProvider>,
    );
    fireEvent.click(screen.getByRole("button"));
    await act(async () => (await server.next()).respond(201, FLUZ_TOKEN));
    await screen.findByText("open");
    act(() => opened[0]!.onEvent("success", { transactionId: "t-1" }));
    expect(onSuccess).toHaveBeenCalledWith({ provider: "fluz", detail: { transactionId: "t-1" } });
    expect(state()).toBe("idle");
  });

  it("a refused token request is the error state, with the server's code; open() resolves undefined", async () => {
    const { client, server, opened } = setUp();
    const onError = vi.fn();
    let result: unknown = "pending";
    function Direct() {
      const { open, state, error } = useWidget("fluz", { onError });
      return (
        <button
          type="button"
          onClick={() =>
            open({ amount: "50.00", transactionType: "WITHDRAW" }).then((r) => {
              result = r;
            })
          }
        >
          {state}:{error?.code ?? "-"}:{error?.status ?? "-"}
        </button>
      );
    }
    render(
      <WidgetTokensProvider client={client}>
        <Direct />
      </WidgetTokensProvider>,
    );
    fireEvent.click(screen.getByRole("button"));
    await act(async () =>
      (await server.next()).respond(401, {
        error: { code: "UNAUTHENTICATED", message: "Sign in first" },
      }),
    );
    await screen.findByText("error:UNAUTHENTICATED:401");
    expect(result).toBeUndefined();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0].error).toMatchObject({
      name: "WidgetClientError",
      code: "UNAUTHENTICATED",
      message: "Sign in first",
    });
    expect(opened).toEqual([]);

    // A new attempt clears the error while it loads.
    fireEvent.click(screen.getByRole("button"));
    const retry = await server.next();
    expect(screen.getByRole("button").textContent).toBe("loading:-:-");
    await act(async () => retry.respond(201, FLUZ_TOKEN));
    await screen.findByText("open:-:-");
  });

  it("StrictMode: a double mount builds one widget, one click opens one modal, unmount destroys it once", async () => {
    const { client, server, opened, provider } = setUp();
    const { unmount } = render(
      <StrictMode>
        <WidgetTokensProvider client={client}>
          <Wallet />
        </WidgetTokensProvider>
      </StrictMode>,
    );
    await microtasks();
    expect(provider.created).toHaveLength(1);
    expect(provider.destroyed()).toBe(0);

    fireEvent.click(screen.getByRole("button"));
    await act(async () => (await server.next()).respond(201, FLUZ_TOKEN));
    await screen.findByText("open");
    expect(server.requests).toHaveLength(1);
    expect(opened).toHaveLength(1);

    unmount();
    await microtasks();
    expect(provider.destroyed()).toBe(1);
    expect(opened[0]!.closed).toBe(true); // destroy() closed the modal
    expect(provider.created).toHaveLength(1);
  });

  it("components using the same provider share its widget; the last one to unmount destroys it", async () => {
    const { client, provider } = setUp();
    function Page({ both }: { both: boolean }) {
      return (
        <WidgetTokensProvider client={client}>
          <Wallet />
          {both && <Wallet />}
        </WidgetTokensProvider>
      );
    }
    const { rerender, unmount } = render(<Page both />);
    expect(screen.getAllByRole("button")).toHaveLength(2);
    rerender(<Page both={false} />);
    await microtasks();
    expect(provider.destroyed()).toBe(0);
    unmount();
    await microtasks();
    expect(provider.destroyed()).toBe(1);
    expect(provider.created).toHaveLength(1);
  });

  it("hydrates server HTML without a mismatch: disabled on the server, ready once hydrated", async () => {
    const { client, server, provider } = setUp();
    const page = (
      <StrictMode>
        <WidgetTokensProvider client={client}>
          <Wallet />
        </WidgetTokensProvider>
      </StrictMode>
    );
    const container = document.body.appendChild(document.createElement("div"));
    container.innerHTML = renderToString(page);
    expect(container.querySelector("button")?.disabled).toBe(true);
    expect(provider.created).toHaveLength(0);

    const errors = vi.spyOn(console, "error");
    const root = await act(async () => hydrateRoot(container, page));
    expect(errors).not.toHaveBeenCalled();
    expect(container.querySelector("button")?.disabled).toBe(false);
    expect(provider.created).toHaveLength(1);
    fireEvent.click(container.querySelector("button")!);
    expect((await server.next()).url).toBe("/widget-tokens/fluz/pat-token");
    act(() => root.unmount());
    container.remove();
    errors.mockRestore();
  });

  it("takes the client explicitly, without a provider", async () => {
    const { client, server } = setUp();
    render(<Wallet client={client} />);
    fireEvent.click(screen.getByRole("button"));
    expect((await server.next()).url).toBe("/widget-tokens/fluz/pat-token");
  });

  it("says what is missing: no client, or a provider the client was not given", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Wallet />)).toThrow(/no widget client.*WidgetTokensProvider/);
    const client = createWidgetClient({ endpoint: "/widget-tokens", providers: [] });
    function Jackpot() {
      useWidget("jackpot", { client });
      return null;
    }
    expect(() => render(<Jackpot />)).toThrow(
      /no "jackpot" provider\. Add jackpot\(\) from "@widget-tokens\/client\/jackpot"/,
    );
    error.mockRestore();
  });

  it("useWidgetClient() gives the provided client", () => {
    const { client } = setUp();
    let got: unknown;
    function Peek() {
      got = useWidgetClient();
      return null;
    }
    render(
      <WidgetTokensProvider client={client}>
        <Peek />
      </WidgetTokensProvider>,
    );
    expect(got).toBe(client);
  });
});
