/**
 * The `api(path, body, fields)` function of a stand-in's own page (the Fluz
 * modal, the Jackpot widget), as browser JavaScript: it POSTs JSON and
 * checks the answer before the page uses it, so a garbage or empty 200 is an
 * error that says what is wrong (`BAD_RESPONSE`: not JSON, a field missing),
 * never a TypeError shown as data; a connection closed without an answer
 * (`NETWORK_ERROR`) says so rather than "Failed to fetch". A refusal keeps the provider's own
 * `error.code` and `error.message`, the HTTP status, and the whole `error`
 * object as `apiError` (Gr4vy's page relays it).
 *
 * @example
 * `<script nonce="…">${pageApiScript("Fluz")} … await api("/fluz/api/verify", { token }, [["sessionId", "string"]]);</script>`
 */
export function pageApiScript(providerName: string): string {
  const name = JSON.stringify(providerName);
  return `
  const badAnswer = (message) => Object.assign(new Error(message), { code: "BAD_RESPONSE" });
  async function api(path, body, fields) {
    let res;
    try {
      res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } catch {
      throw Object.assign(new Error(${name} + " could not be reached: the connection closed without an answer (" + path + "). Try again."), { code: "NETWORK_ERROR" });
    }
    const text = await res.text();
    let data = null;
    try { data = JSON.parse(text); } catch {}
    if (!res.ok) {
      const error = data && data.error;
      throw Object.assign(new Error((error && error.message) || ${name} + " answered HTTP " + res.status), { code: (error && error.code) || "HTTP_" + res.status, status: res.status, apiError: error || undefined });
    }
    if (data === null || typeof data !== "object") throw badAnswer(${name} + " answered HTTP " + res.status + " with " + (text.trim() === "" ? "an empty body" : "a body that is not JSON") + " (" + path + ")");
    for (const [field, type] of fields) {
      if (typeof data[field] !== type) throw badAnswer(${name} + "'s answer (" + path + ") has no " + field);
    }
    return data;
  }`;
}
