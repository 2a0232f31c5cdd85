import escapeHtmlText from "escape-html";

/** Escape any value for HTML element content and attribute values. */
export const escapeHtml = (value: unknown): string => escapeHtmlText(String(value));
