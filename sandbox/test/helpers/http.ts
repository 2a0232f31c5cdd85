/** What a test reads back from a request. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
}

/**
 * Send JSON (or nothing) and read the answer, JSON or not.
 *
 * @example
 * const { status, json } = await send(`${url}/fluz/api/verify`, { token });
 */
export async function send(
  url: string,
  body?: unknown,
  { method = body === undefined ? "GET" : "POST", headers = {} as Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Log in to the merchant-API stand-in as the sandbox's merchant, as a merchant's server would.
 *
 * @example
 * const login = await merchantLogin(sandbox);
 * expect(login.status).toBe(200);
 */
export function merchantLogin(sandbox: {
  url: string;
  credentials: { merchantApi?: { email: string; password: string; merchantId: string } };
}): Promise<Answer> {
  const m = sandbox.credentials.merchantApi!;
  return send(
    `${sandbox.url}/merchant-api/v2/auth/login`,
    { token: m.email, password: m.password },
    { headers: { merchant_id: m.merchantId } },
  );
}
