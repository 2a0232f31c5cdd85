/** Body of `POST /gr4vy/embed-token`. Amount, currency, buyer and cart come from the server. */
export interface Gr4vyTokenRequest {
  /** A Gr4vy checkout session id (UUID), pinned as `checkout_session_id`. */
  checkoutSessionId?: string;
}

/** One cart line, as Gr4vy's API and Embed take it (camelCase on the way in). */
export interface Gr4vyCartItem {
  name: string;
  quantity: number;
  /** Minor units (cents). */
  unitAmount: number;
  discountAmount?: number | null;
  taxAmount?: number | null;
  externalIdentifier?: string | null;
  sku?: string | null;
  upc?: string | null;
  productUrl?: string | null;
  imageUrl?: string | null;
  categories?: string[] | null;
  productType?: string | null;
  sellerCountry?: string | null;
  taxExempt?: boolean | null;
  unitOfMeasure?: string | null;
  commodityCode?: string | null;
  description?: string | null;
  dutyAmount?: number | null;
  shippingAmount?: number | null;
}

/** What the merchant's `checkout(req, user)` hook returns: the values pinned in the token. */
export interface Gr4vyCheckout {
  /** Minor units (cents), an integer. */
  amount: number;
  /** ISO 4217, three uppercase letters. */
  currency: string;
  /** A Gr4vy buyer id (UUID). Not together with `buyerExternalIdentifier`. */
  buyerId?: string;
  /** Your own id of the buyer. */
  buyerExternalIdentifier?: string;
  /** Copied to the transaction as given. */
  metadata?: Record<string, string>;
  cartItems?: Gr4vyCartItem[];
  merchantAccountId?: string;
  /** Per-connection options, copied as given. */
  connectionOptions?: Record<string, unknown>;
}

/** 201 answer of `POST /gr4vy/embed-token`: the token and the pinned values Embed must get. */
export interface Gr4vyTokenResponse extends Gr4vyCheckout {
  token: string;
  jti: string;
  /** ISO 8601. */
  expiresAt: string;
  checkoutSessionId?: string;
  /** The merchant's Gr4vy instance and environment, from the server's options. */
  gr4vyId: string;
  environment: "sandbox" | "production";
}

/** The `embed` claim: snake_case keys, as Gr4vy's SDK writes it. */
export interface Gr4vyEmbedClaim {
  amount: number;
  currency: string;
  buyer_id?: string;
  buyer_external_identifier?: string;
  metadata?: Record<string, string>;
  cart_items?: Record<string, unknown>[];
  merchant_account_id?: string;
  connection_options?: Record<string, unknown>;
}

/** Claims of a Gr4vy Embed token (ES512). */
export interface Gr4vyEmbedClaims {
  scopes: ["embed"];
  checkout_session_id?: string;
  embed: Gr4vyEmbedClaim;
  iat: number;
  nbf: number;
  exp: number;
  iss: string;
  jti: string;
}

/** ISO 4217 shape: three uppercase letters. */
export const GR4VY_CURRENCY = /^[A-Z]{3}$/;

/** A UUID in its canonical 8-4-4-4-12 hex form (any version). */
export const GR4VY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The checkout fields an embed token pins (camelCase, as the hook returns them
 * and Embed's `setup` takes them). The server accepts exactly these from the
 * hook, the client passes them to Embed, and the sandbox compares them.
 */
export const GR4VY_PINNED_FIELDS = [
  "amount",
  "currency",
  "buyerId",
  "buyerExternalIdentifier",
  "metadata",
  "cartItems",
  "merchantAccountId",
  "connectionOptions",
] as const satisfies readonly (keyof Gr4vyCheckout)[];
