import {
  type AuthorizeContext,
  WidgetTokensError,
  createMerchantApiClient,
} from "@widget-tokens/server";
import { escapeHtml } from "../html.js";
import type { DemoSection } from "./section.js";

/**
 * "Partner profile": the merchant API proxy. The shop's server holds the
 * merchant API session (email + password); the browser may make exactly one
 * call through it, `POST /widget-tokens/merchant-api/v2/customer/create`,
 * and only for its own email address.
 */
/** An address with one @ and a dot in its domain, as the partner checks it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const merchantApiSection: DemoSection = {
  id: "merchant-api",
  sandbox: (s) => ({
    merchantApi: {
      merchantId: s.MERCHANT_API_MERCHANT_ID!,
      email: s.MERCHANT_API_EMAIL!,
      password: s.MERCHANT_API_PASSWORD!,
    },
  }),
  provider: ({ secrets, sandboxUrl, store }) => ({
    merchantApi: {
      client: createMerchantApiClient({
        baseUrl: `${sandboxUrl}/merchant-api`,
        merchantId: secrets.MERCHANT_API_MERCHANT_ID!,
        email: secrets.MERCHANT_API_EMAIL!,
        password: secrets.MERCHANT_API_PASSWORD!,
        // The session lives where the shop's other shared state lives (Redis with REDIS_URL).
        ...(store ? { store } : {}),
      }),
      expose: [
        {
          method: "POST",
          path: "/v2/customer/create",
          // The shop's policy: a shopper may only create a profile for their own address.
          authorize: ({ user, request }: AuthorizeContext) => {
            const email = (request as { email?: unknown }).email;
            if (typeof email !== "string" || !EMAIL.test(email)) {
              throw new WidgetTokensError("INVALID_REQUEST", "Enter a valid email address", {
                field: "email",
              });
            }
            return email.toLowerCase() === user.email?.toLowerCase();
          },
          // The page sends an Idempotency-Key per submission: a double click or a retry
          // replays the first answer instead of creating a second profile.
          idempotent: true,
        },
      ],
    },
  }),
  client: () => ({}),
  render: (user) => `
    <section class="card" id="partner-profile" aria-labelledby="merchant-api-title">
      <div class="card-head">
        <div>
          <h2 id="merchant-api-title">Partner rewards profile</h2>
          <p class="muted">Create your customer profile with our rewards partner. We share only your name and email address.</p>
        </div>
        <span class="badge">Merchant API</span>
      </div>
      <form class="profile-form" id="merchant-api-form" novalidate>
        <div class="field-row">
          <div>
            <label for="merchant-api-first-name">First name</label>
            <input id="merchant-api-first-name" name="firstName" autocomplete="given-name" value="${escapeHtml(user.firstName)}">
          </div>
          <div>
            <label for="merchant-api-last-name">Last name</label>
            <input id="merchant-api-last-name" name="lastName" autocomplete="family-name" value="${escapeHtml(user.lastName)}">
          </div>
        </div>
        <label for="merchant-api-email">Email</label>
        <input id="merchant-api-email" name="email" type="email" autocomplete="email" value="${escapeHtml(user.email)}">
        <div class="buttons">
          <button type="submit" class="btn primary" data-needs-script disabled>Create customer profile</button>
        </div>
        <p class="form-error" id="merchant-api-error" role="alert" hidden></p>
        <p class="profile-result" id="merchant-api-result" hidden></p>
      </form>
    </section>`,
};
