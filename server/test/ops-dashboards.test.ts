import { readFileSync } from "node:fs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { widgetTokens } from "../src/index.js";
import { TEST_SECRET } from "./helpers/http.js";

/**
 * docs/ops/: the Grafana dashboard and the Prometheus alert rules name only
 * metrics (and labels) widget-tokens registers, so neither shows "no data"
 * for a misspelt or renamed series.
 */

const read = (file: string) =>
  readFileSync(new URL(`../../docs/ops/${file}`, import.meta.url), "utf8");

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
interface Rule {
  alert: string;
  expr: string;
}

const dashboard = JSON.parse(read("grafana-dashboard.json")) as { panels: Panel[] };
const alerts = parse(read("prometheus-alerts.yml")) as { groups: { rules: Rule[] }[] };
const expressions = [
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...alerts.groups.flatMap((g) => g.rules.map((r) => r.expr)),
];

/** The registry a middleware with metrics fills, as JSON: name → label names it may carry. */
function registered(): Map<string, { type: string; labels: Set<string> }> {
  const registry = new Registry();
  const tokens = widgetTokens({
    identify: () => null,
    metrics: { registry },
    providers: { fluz: { apiKey: "k", apiSecret: TEST_SECRET } },
  });
  void tokens.close();
  const out = new Map<string, { type: string; labels: Set<string> }>();
  for (const metric of registry.getMetricsAsArray()) {
    const m = metric as unknown as { name: string; type: string; labelNames: string[] };
    out.set(m.name, { type: m.type, labels: new Set(m.labelNames) });
  }
  return out;
}

describe("docs/ops dashboard and alert rules", () => {
  const metrics = registered();

  it("every metric and label they select exists", () => {
    expect(expressions.length).toBeGreaterThan(10);
    const named = new Set<string>();
    for (const expr of expressions) {
      for (const match of expr.matchAll(/\b(widget_tokens_[a-z0-9_]+)(\{[^}]*\})?/g)) {
        const series = match[1]!;
        const base = series.replace(/_(bucket|sum|count)$/, "");
        const metric = metrics.get(series) ?? metrics.get(base);
        expect(metric, `${series} in ${expr}`).toBeDefined();
        if (series !== base && metrics.has(base)) expect(metric!.type).toBe("histogram");
        named.add(metrics.has(series) ? series : base);
        for (const [, label] of (match[2] ?? "").matchAll(/([a-z_]+)\s*(=~|!=|!~|=)/g)) {
          if (label === "job" || label === "instance") continue;
          expect(metric!.labels, `label ${label} of ${series}`).toContain(label);
        }
      }
      for (const [, labels] of expr.matchAll(/\bby \(([^)]*)\)/g)) {
        for (const label of labels!.split(",").map((l) => l.trim())) {
          if (["job", "instance", "le"].includes(label)) continue;
          const owners = [...metrics.values()].filter((m) => m.labels.has(label));
          expect(owners.length, `by (${label}) in ${expr}`).toBeGreaterThan(0);
        }
      }
    }
    // The dashboard shows the RED view and every metric widget-tokens registers.
    expect([...named].sort()).toEqual([...metrics.keys()].sort());
  });

  it("the alert rules cover the store, upstream errors and merchant-API renewals", () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    const byName = new Map(rules.map((r) => [r.alert, r.expr]));
    expect(byName.get("WidgetTokensStoreUnavailable")).toMatch(/outcome="unavailable"/);
    expect(byName.get("WidgetTokensUpstreamErrorRate")).toMatch(/widget_tokens_upstream_/);
    expect(byName.get("WidgetTokensRenewalFailures")).toMatch(/renewal_failures_total/);
  });
});
