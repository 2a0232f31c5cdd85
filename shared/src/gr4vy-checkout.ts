import {
  GR4VY_CURRENCY,
  GR4VY_PINNED_FIELDS,
  GR4VY_UUID,
  type Gr4vyCartItem,
  type Gr4vyCheckout,
  type Gr4vyEmbedClaim,
} from "./gr4vy.js";
import { isRecord } from "./is-record.js";

/** Bounds on what the merchant's `checkout()` hook may pin in a token. */
export interface Gr4vyCheckoutLimits {
  maxAmount: number;
  maxCartItems: number;
  maxMetadataKeys: number;
}

/** A field of the hook's output that breaks a rule; `path` names it, never its value. */
export class Gr4vyCheckoutError extends Error {
  constructor(
    readonly path: string,
    rule: string,
  ) {
    super(`${path} ${rule}`);
  }
}

const MAX_AMOUNT = 99_999_999;
const METADATA_KEY_MAX = 40;
const METADATA_VALUE_MAX = 500;
const TEXT_MAX = 255;
const URL_MAX = 2083;
const CATEGORIES_MAX = 20;
const CATEGORY_MAX = 50;
const CONNECTION_OPTIONS_MAX_BYTES = 4096;

type FieldRule = "text" | "url" | "amount" | "quantity" | "boolean" | "categories";

/** Gr4vy's cart item fields: camelCase in, snake_case in the token (as the SDK's snakecase-keys writes them). */
const CART_ITEM_FIELDS: Readonly<Record<string, { claim: string; rule: FieldRule }>> = {
  name: { claim: "name", rule: "text" },
  quantity: { claim: "quantity", rule: "quantity" },
  unitAmount: { claim: "unit_amount", rule: "amount" },
  discountAmount: { claim: "discount_amount", rule: "amount" },
  taxAmount: { claim: "tax_amount", rule: "amount" },
  externalIdentifier: { claim: "external_identifier", rule: "text" },
  sku: { claim: "sku", rule: "text" },
  upc: { claim: "upc", rule: "text" },
  productUrl: { claim: "product_url", rule: "url" },
  imageUrl: { claim: "image_url", rule: "url" },
  categories: { claim: "categories", rule: "categories" },
  productType: { claim: "product_type", rule: "text" },
  sellerCountry: { claim: "seller_country", rule: "text" },
  taxExempt: { claim: "tax_exempt", rule: "boolean" },
  unitOfMeasure: { claim: "unit_of_measure", rule: "text" },
  commodityCode: { claim: "commodity_code", rule: "text" },
  description: { claim: "description", rule: "text" },
  dutyAmount: { claim: "duty_amount", rule: "amount" },
  shippingAmount: { claim: "shipping_amount", rule: "amount" },
};
const REQUIRED_CART_FIELDS = ["name", "quantity", "unitAmount"];

const CHECKOUT_FIELDS = new Set<string>(GR4VY_PINNED_FIELDS);

/** What a valid hook output becomes: the `embed` claim and the camelCase echo for the browser. */
export interface CheckedCheckout {
  checkout: Gr4vyCheckout;
  embed: Gr4vyEmbedClaim;
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max;

const isText = (v: unknown, max: number): v is string =>
  typeof v === "string" && v.length >= 1 && v.length <= max;

/**
 * Validate what the merchant's `checkout(req, user)` hook returned and build
 * the `embed` claim exactly as `@gr4vy/sdk` does: snake_case keys, cart items
 * snake_cased, metadata and connection options copied as given, undefined
 * members left out. Throws `Gr4vyCheckoutError` naming the bad field.
 *
 * @example
 * const { embed } = checkCheckout({ amount: 1299, currency: "USD" }, limits);
 * // embed = { amount: 1299, currency: "USD" }
 */
export function checkCheckout(value: unknown, limits: Gr4vyCheckoutLimits): CheckedCheckout {
  if (!isRecord(value)) throw new Gr4vyCheckoutError("checkout()", "must return an object");
  for (const key of Object.keys(value)) {
    if (!CHECKOUT_FIELDS.has(key)) throw new Gr4vyCheckoutError(key, "is not a Gr4vy Embed field");
  }
  const given = (key: string) => (value[key] === null ? undefined : value[key]);
  const amount = value.amount;
  if (!isInt(amount, 0, Math.min(limits.maxAmount, MAX_AMOUNT))) {
    throw new Gr4vyCheckoutError(
      "amount",
      `must be an integer number of minor units from 0 to ${limits.maxAmount}`,
    );
  }
  const currency = value.currency;
  if (typeof currency !== "string" || !GR4VY_CURRENCY.test(currency)) {
    throw new Gr4vyCheckoutError("currency", "must be three uppercase letters (ISO 4217)");
  }
  const checkout: Gr4vyCheckout = { amount, currency };
  const embed: Gr4vyEmbedClaim = { amount, currency };

  const buyerId = given("buyerId");
  const buyerExternalIdentifier = given("buyerExternalIdentifier");
  if (buyerId !== undefined && buyerExternalIdentifier !== undefined) {
    throw new Gr4vyCheckoutError("buyerId", "and buyerExternalIdentifier are exclusive");
  }
  if (buyerId !== undefined) {
    if (typeof buyerId !== "string" || !GR4VY_UUID.test(buyerId)) {
      throw new Gr4vyCheckoutError("buyerId", "must be a Gr4vy buyer id (UUID)");
    }
    checkout.buyerId = embed.buyer_id = buyerId;
  }
  if (buyerExternalIdentifier !== undefined) {
    if (!isText(buyerExternalIdentifier, 200)) {
      throw new Gr4vyCheckoutError(
        "buyerExternalIdentifier",
        "must be a string of 1 to 200 characters",
      );
    }
    checkout.buyerExternalIdentifier = embed.buyer_external_identifier = buyerExternalIdentifier;
  }

  const metadata = given("metadata");
  if (metadata !== undefined) {
    checkout.metadata = embed.metadata = checkMetadata(metadata, limits.maxMetadataKeys);
  }

  const cartItems = given("cartItems");
  if (cartItems !== undefined) {
    if (!Array.isArray(cartItems) || cartItems.length > limits.maxCartItems) {
      throw new Gr4vyCheckoutError(
        "cartItems",
        `must be an array of at most ${limits.maxCartItems} items`,
      );
    }
    const items = cartItems.map((item, i) => checkCartItem(item, `cartItems[${i}]`));
    checkout.cartItems = items.map((i) => i.item);
    embed.cart_items = items.map((i) => i.claim);
  }

  const merchantAccountId = given("merchantAccountId");
  if (merchantAccountId !== undefined) {
    if (!isText(merchantAccountId, 64)) {
      throw new Gr4vyCheckoutError("merchantAccountId", "must be a string of 1 to 64 characters");
    }
    checkout.merchantAccountId = embed.merchant_account_id = merchantAccountId;
  }

  const connectionOptions = given("connectionOptions");
  if (connectionOptions !== undefined) {
    let size: number;
    try {
      size = isRecord(connectionOptions)
        ? utf8Length(JSON.stringify(connectionOptions))
        : Number.POSITIVE_INFINITY;
    } catch {
      size = Number.POSITIVE_INFINITY;
    }
    if (size > CONNECTION_OPTIONS_MAX_BYTES) {
      throw new Gr4vyCheckoutError(
        "connectionOptions",
        `must be a JSON object of at most ${CONNECTION_OPTIONS_MAX_BYTES} bytes`,
      );
    }
    checkout.connectionOptions = embed.connection_options = connectionOptions as Record<
      string,
      unknown
    >;
  }
  return { checkout, embed };
}

function checkMetadata(value: unknown, maxKeys: number): Record<string, string> {
  if (!isRecord(value)) throw new Gr4vyCheckoutError("metadata", "must be an object of strings");
  const entries = Object.entries(value);
  if (entries.length > maxKeys) {
    throw new Gr4vyCheckoutError("metadata", `must have at most ${maxKeys} keys`);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > METADATA_KEY_MAX) {
      throw new Gr4vyCheckoutError("metadata", `keys must be 1 to ${METADATA_KEY_MAX} characters`);
    }
    if (typeof v !== "string" || v.length > METADATA_VALUE_MAX) {
      throw new Gr4vyCheckoutError(
        `metadata.${key}`,
        `must be a string of at most ${METADATA_VALUE_MAX} characters`,
      );
    }
    out[key] = v;
  }
  return out;
}

function checkCartItem(
  value: unknown,
  path: string,
): { item: Gr4vyCartItem; claim: Record<string, unknown> } {
  if (!isRecord(value)) throw new Gr4vyCheckoutError(path, "must be an object");
  const item: Record<string, unknown> = {};
  const claim: Record<string, unknown> = {};
  for (const required of REQUIRED_CART_FIELDS) {
    if (value[required] === undefined || value[required] === null) {
      throw new Gr4vyCheckoutError(`${path}.${required}`, "is required");
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const field = CART_ITEM_FIELDS[key];
    if (field === undefined) {
      throw new Gr4vyCheckoutError(`${path}.${key}`, "is not a Gr4vy cart item field");
    }
    if (v === undefined) continue;
    if (v !== null && !fieldOk(field.rule, v)) {
      throw new Gr4vyCheckoutError(`${path}.${key}`, RULE_TEXT[field.rule]);
    }
    item[key] = v;
    claim[field.claim] = v;
  }
  return { item: item as unknown as Gr4vyCartItem, claim };
}

const RULE_TEXT: Record<FieldRule, string> = {
  text: `must be a string of 1 to ${TEXT_MAX} characters`,
  url: `must be a string of 1 to ${URL_MAX} characters`,
  amount: `must be an integer number of minor units from 0 to ${MAX_AMOUNT}`,
  quantity: "must be an integer from 1 to 99999",
  boolean: "must be a boolean",
  categories: `must be at most ${CATEGORIES_MAX} strings of 1 to ${CATEGORY_MAX} characters`,
};

function fieldOk(rule: FieldRule, v: unknown): boolean {
  switch (rule) {
    case "text":
      return isText(v, TEXT_MAX);
    case "url":
      return isText(v, URL_MAX);
    case "amount":
      return isInt(v, 0, MAX_AMOUNT);
    case "quantity":
      return isInt(v, 1, 99_999);
    case "boolean":
      return typeof v === "boolean";
    case "categories":
      return (
        Array.isArray(v) && v.length <= CATEGORIES_MAX && v.every((c) => isText(c, CATEGORY_MAX))
      );
  }
}

/** UTF-8 byte length of a string, without Node's Buffer or the DOM's TextEncoder. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
