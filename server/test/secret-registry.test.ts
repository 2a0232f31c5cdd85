/**
 * The registry behind redaction and the proxy's check (server/src/secrets.ts):
 * a PEM is also redacted line by line, a changing secret is asked afresh, the
 * default sealing secret's material is exactly what was registered, and an
 * answer carrying a secret JSON-escaped is still caught.
 */
import { describe, expect, it } from "vitest";
import { createSecretRegistry, jsonContainsSecret } from "../src/secrets.js";
import { p521KeyPair } from "./helpers/gr4vy-keys.js";

describe("createSecretRegistry", () => {
  it("redacts each base64 line of a PEM, not its armour; seals with what was given", () => {
    const pem = p521KeyPair().privatePem;
    const secrets = createSecretRegistry();
    secrets.register(pem);
    secrets.register("hmac-secret-0123456789abcdef0123456789");
    const lines = pem.split("\n").filter((l) => /^[A-Za-z0-9+/=]{16,}$/.test(l));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(secrets.all()).toContain(line);
    // The whole PEM, and its body lines; never an armour line alone ("-----BEGIN …").
    expect(secrets.all()).toContain(pem);
    expect(secrets.all().some((s) => !s.includes("\n") && s.startsWith("-----"))).toBe(false);
    expect(secrets.registered()).toEqual([pem, "hmac-secret-0123456789abcdef0123456789"]);
  });

  it("asks a source afresh each time, and keeps it out of the sealing material", () => {
    const secrets = createSecretRegistry();
    let token = "first-access-token-0123";
    secrets.redact(() => [token]);
    expect(secrets.all()).toEqual(["first-access-token-0123"]);
    token = "second-access-token-0123";
    expect(secrets.all()).toEqual(["second-access-token-0123"]);
    expect(secrets.registered()).toEqual([]);
  });
});

describe("jsonContainsSecret", () => {
  it("finds a secret as is or JSON-escaped, and ignores one too short to tell from chance", () => {
    const secret = 'pa"ss\\word-0123';
    expect(jsonContainsSecret(JSON.stringify({ echo: secret }), [secret])).toBe(true);
    expect(jsonContainsSecret('{"key":"mk_live_123456"}', ["mk_live_123456"])).toBe(true);
    expect(jsonContainsSecret('{"id":"abc1234"}', ["abc1234"])).toBe(false);
    expect(jsonContainsSecret('{"id":"c1"}', ["mk_live_123456"])).toBe(false);
  });
});
