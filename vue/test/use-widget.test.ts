import { mount } from "@vue/test-utils";
import { createWidgetClient } from "@widget-tokens/client";
import { fluz } from "@widget-tokens/client/fluz";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSSRApp, defineComponent, h, nextTick, ref, watch } from "vue";
import { renderToString } from "vue/server-renderer";
import {
  FLUZ_TOKEN,
  counted,
  fakeModalScript,
  fakeTokenServer,
  microtasks,
} from "../../client/test/helpers/binding-fakes.js";
import {
  type AnyWidgetClient,
  type UseWidgetOptions,
  WidgetTokensPlugin,
  provideWidgetClient,
  useWidget,
  useWidgetClient,
} from "../src/index.js";

afterEach(() => {
  Reflect.deleteProperty(window, "FluzWidget");
  document.body.innerHTML = "";
});

/** A shop's wallet card: one button, the state, the error code, and every state it went through. */
const Wallet = defineComponent({
  props: {
    options: { type: Object as () => UseWidgetOptions, default: () => ({}) },
    states: { type: Array as () => string[], default: () => [] },
  },
  setup(props) {
    const { open, ready, state, error } = useWidget("fluz", props.options);
    watch(state, (s) => props.states.push(s), { immediate: true });
    return () =>
      h("section", [
        h(
          "button",
          {
            type: "button",
            disabled: !ready.value,
            onClick: () => void open({ amount: "50.00", transactionType: "DEPOSIT" }),
          },
          "Deposit",
        ),
        h("output", { "data-testid": "state" }, state.value),
        error.value ? h("p", { role: "alert" }, error.value.code) : null,
      ]);
  },
});

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

const withClient = (client: AnyWidgetClient) => ({
  global: { plugins: [[WidgetTokensPlugin, { client }] as [typeof WidgetTokensPlugin, unknown]] },
});

describe("useWidget (Vue)", () => {
  it("goes idle → loading → open → idle (closed), and calls the callbacks", async () => {
    const { client, server, opened } = setUp();
    const states: string[] = [];
    const onOpen = vi.fn();
    const onClose = vi.fn();
    const wrapper = mount(Wallet, {
      props: { states, options: { onOpen, onClose } },
      ...withClient(client),
    });
    expect(wrapper.get("button").attributes("disabled")).toBe(""); // until mounted
    await nextTick();
    const button = wrapper.get("button");
    const state = () => wrapper.get("output").text();
    expect(button.attributes("disabled")).toBeUndefined();
    expect(state()).toBe("idle");

    await button.trigger("click");
    const request = await server.next();
    expect(request.url).toBe("/widget-tokens/fluz/pat-token");
    expect(request.body).toEqual({ amount: "50.00", transactionType: "DEPOSIT" });
    expect(state()).toBe("loading");
    expect(button.attributes("disabled")).toBe("");

    request.respond(201, FLUZ_TOKEN);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    await nextTick();
    expect(state()).toBe("open");
    opened[0]!.onEvent("open");
    expect(onOpen).toHaveBeenCalledWith({ provider: "fluz" });
    opened[0]!.onEvent("close");
    await nextTick();
    expect(state()).toBe("idle");
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(states).toEqual(["idle", "loading", "open", "idle"]);
    wrapper.unmount();
  });

  it("a refused token request is the error state, with the server's code; open() resolves undefined", async () => {
    const { client, server, opened } = setUp();
    const onError = vi.fn();
    const result = ref<unknown>("pending");
    const Direct = defineComponent({
      setup() {
        const { open, state, error } = useWidget("fluz", { onError });
        return () =>
          h(
            "button",
            {
              onClick: () =>
                open({ amount: "50.00", transactionType: "WITHDRAW" }).then((r) => {
                  result.value = r;
                }),
            },
            `${state.value}:${error.value?.code ?? "-"}:${error.value?.status ?? "-"}`,
          );
      },
    });
    const wrapper = mount(Direct, withClient(client));
    await nextTick();
    await wrapper.get("button").trigger("click");
    (await server.next()).respond(401, {
      error: { code: "UNAUTHENTICATED", message: "Sign in first" },
    });
    await vi.waitFor(() => expect(result.value).toBeUndefined());
    await nextTick();
    expect(wrapper.get("button").text()).toBe("error:UNAUTHENTICATED:401");
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0].error).toMatchObject({
      name: "WidgetClientError",
      code: "UNAUTHENTICATED",
    });
    expect(opened).toEqual([]);
    wrapper.unmount();
  });

  it("builds one widget for components sharing it; the last one to unmount destroys it once", async () => {
    const { client, provider, server, opened } = setUp();
    const both = ref(true);
    const Page = defineComponent({
      setup() {
        provideWidgetClient(client);
        return () => h("div", [h(Wallet), both.value ? h(Wallet) : null]);
      },
    });
    const wrapper = mount(Page);
    await nextTick();
    expect(wrapper.findAll("button")).toHaveLength(2);
    await wrapper.findAll("button")[1]!.trigger("click");
    (await server.next()).respond(201, FLUZ_TOKEN);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    both.value = false;
    await nextTick();
    await microtasks();
    expect(provider.destroyed()).toBe(0);
    expect(opened[0]!.closed).toBe(false);
    wrapper.unmount();
    await microtasks();
    expect(provider.created).toHaveLength(1);
    expect(provider.destroyed()).toBe(1);
    expect(opened[0]!.closed).toBe(true);
  });

  it("hydrates server HTML without a mismatch: disabled on the server, ready once mounted", async () => {
    const { client, server, provider } = setUp();
    const app = () => createSSRApp(Wallet).use(WidgetTokensPlugin, { client });
    const container = document.body.appendChild(document.createElement("div"));
    container.innerHTML = await renderToString(app());
    expect(container.querySelector("button")?.disabled).toBe(true);
    expect(provider.created).toHaveLength(0);

    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    const hydrated = app();
    hydrated.mount(container);
    await nextTick();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(container.querySelector("button")?.disabled).toBe(false);
    expect(provider.created).toHaveLength(1);
    container.querySelector("button")!.click();
    expect((await server.next()).url).toBe("/widget-tokens/fluz/pat-token");
    hydrated.unmount();
    warn.mockRestore();
    error.mockRestore();
  });

  it("takes the client explicitly; says what is missing otherwise", async () => {
    const { client, server } = setUp();
    const wrapper = mount(Wallet, { props: { options: { client } } });
    await nextTick();
    await wrapper.get("button").trigger("click");
    expect((await server.next()).url).toBe("/widget-tokens/fluz/pat-token");
    wrapper.unmount();

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() => mount(Wallet)).toThrow(/no widget client.*WidgetTokensPlugin/);
    const empty = createWidgetClient({ endpoint: "/widget-tokens", providers: [] });
    const Jackpot = defineComponent({
      setup() {
        useWidget("jackpot", { client: empty });
        return () => null;
      },
    });
    expect(() => mount(Jackpot)).toThrow(/no "jackpot" provider/);
    warn.mockRestore();
  });

  it("useWidgetClient() gives the provided client", () => {
    const { client } = setUp();
    let got: unknown;
    mount(
      defineComponent({
        setup() {
          got = useWidgetClient();
          return () => null;
        },
      }),
      withClient(client),
    ).unmount();
    expect(got).toBe(client);
  });
});
