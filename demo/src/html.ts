import escapeHtmlText from "escape-html";

/** Escape any value for HTML element content and attribute values. */
export const escapeHtml = (value: unknown): string => escapeHtmlText(String(value));

/** A JSON value safe to embed in an inline `<script>`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
