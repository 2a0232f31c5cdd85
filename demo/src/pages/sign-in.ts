import { escapeHtml } from "../html.js";
import { page } from "./layout.js";

export function signInPage(error?: string): string {
  return page({
    title: "Sign in",
    user: null,
    body: `
    <section class="card narrow">
      <h1>Sign in</h1>
      <p class="muted">This demo shop trusts any user id: it stands in for your own login.</p>
      ${error ? `<p class="form-error" role="alert">${escapeHtml(error)}</p>` : ""}
      <form method="post" action="/sign-in" class="stack">
        <label for="userId">User id</label>
        <input id="userId" name="userId" required maxlength="64" autocomplete="username" value="cust_1001">
        <label for="firstName">First name</label>
        <input id="firstName" name="firstName" maxlength="64" value="Ada">
        <label for="lastName">Last name</label>
        <input id="lastName" name="lastName" maxlength="64" value="Lovelace">
        <button class="btn primary" type="submit">Sign in</button>
      </form>
    </section>`,
  });
}
