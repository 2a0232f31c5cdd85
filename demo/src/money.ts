/** Cents as the shop shows money: `formatCents(24000)` is "$240.00". */
export const formatCents = (cents: number, currency = "USD"): string =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
