/**
 * Pay in the Gr4vy sandbox exactly as Embed does: open a payment form
 * session with the embed token and the options of its response, then pay
 * with `card`. Resolves the transaction id; throws on any other answer.
 *
 * @example
 * const id = await payInSandbox(sandbox.url, await (await app.post("/gr4vy/embed-token", {})).json());
 */
export async function payInSandbox(
  sandboxUrl: string,
  minted: Record<string, unknown> & { token: string },
  number = "4111111111111111",
): Promise<string> {
  const { token, ...options } = minted;
  const post = async (path: string, body: unknown, status: number) => {
    const res = await fetch(`${sandboxUrl}/gr4vy/api/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== status)
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { sessionId } = await post("embed-session", { token, options }, 200);
  const paid = await post(
    "transactions",
    { sessionId, card: { number, expiry: "12/39", cvv: "123" } },
    201,
  );
  return String(paid.id);
}
