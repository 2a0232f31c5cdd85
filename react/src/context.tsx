import { type ReactNode, createContext, useContext } from "react";
import type { AnyWidgetClient } from "./widgets.js";

const WidgetClientContext = /* @__PURE__ */ createContext<AnyWidgetClient | null>(null);

export interface WidgetTokensProviderProps {
  /**
   * The client from `createWidgetClient`, made once outside your components
   * (at module level, or in a `useState` initializer): it does no DOM work,
   * so making it on the server is safe.
   */
  client: AnyWidgetClient;
  children?: ReactNode;
}

/**
 * Makes a widget client available to `useWidget` and `<ImpactEmbed>` below it.
 * It does not own the client: each widget is destroyed when the last
 * component using it unmounts, and `client.destroy()` is yours to call.
 *
 * @example
 * const widgets = createWidgetClient({ endpoint: "/widget-tokens", providers: [fluz({ scriptUrl })] });
 * root.render(<WidgetTokensProvider client={widgets}><App /></WidgetTokensProvider>);
 */
export function WidgetTokensProvider({ client, children }: WidgetTokensProviderProps) {
  return <WidgetClientContext.Provider value={client}>{children}</WidgetClientContext.Provider>;
}

/**
 * The client of the nearest `<WidgetTokensProvider>`, or `client` when given;
 * throws when there is neither. For what the hooks do not cover, such as
 * `useWidgetClient().impact.headers()`.
 */
export function useWidgetClient<C extends AnyWidgetClient = AnyWidgetClient>(client?: C): C {
  const provided = useContext(WidgetClientContext);
  const found = client ?? provided;
  if (!found) {
    throw new Error(
      "widget-tokens: no widget client. Wrap your components in <WidgetTokensProvider client={createWidgetClient(…)}>, or pass { client }.",
    );
  }
  return found as C;
}
