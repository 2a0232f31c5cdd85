import { describe, expect, it } from "vitest";
import { sessionFromAuthAnswer, sessionSealer } from "../src/merchant-api/session.js";

// Unit tests of one module: reading login/refresh answers and sealing sessions.

const jwtWithExp = (exp: number) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ exp })).toString("base64url")}.sig`;

describe("sessionFromAuthAnswer", () => {
  const now = 1_700_000_000_000;

  it("takes expiries from the tokens' exp claims first", () => {
    const s = sessionFromAuthAnswer(
      {
        accessToken: jwtWithExp(1_700_000_100),
        refreshToken: jwtWithExp(1_700_100_000),
        expiresIn: 5,
      },
      now,
    );
    expect(s).toEqual({
      accessToken: jwtWithExp(1_700_000_100),
      refreshToken: jwtWithExp(1_700_100_000),
      accessExpiresAt: 1_700_000_100_000,
      refreshExpiresAt: 1_700_100_000_000,
      obtainedAt: now,
    });
  });

  it("a JWT-shaped token whose payload is not JSON, or has no numeric exp, falls back to expiresIn", () => {
    const s = sessionFromAuthAnswer(
      {
        accessToken: "eyJhbGciOiJSUzI1NiJ9.not-json.sig",
        refreshToken: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"exp":"soon"}').toString("base64url")}.sig`,
        expiresIn: 60,
        refreshExpiresIn: 3600,
      },
      now,
    );
    expect(s).toMatchObject({ accessExpiresAt: now + 60_000, refreshExpiresAt: now + 3_600_000 });
  });

  it("falls back to expiresIn / refreshExpiresIn, snake_case names and a data envelope", () => {
    const s = sessionFromAuthAnswer(
      {
        data: {
          access_token: "opaque-a",
          refresh_token: "opaque-r",
          expires_in: 60,
          refresh_expires_in: 3600,
        },
      },
      now,
    );
    expect(s).toMatchObject({ accessExpiresAt: now + 60_000, refreshExpiresAt: now + 3_600_000 });
  });

  it("uses the documented 30 minutes and 2 days when nothing says", () => {
    const s = sessionFromAuthAnswer({ accessToken: "a", refreshToken: "r" }, now);
    expect(s).toMatchObject({
      accessExpiresAt: now + 1_800_000,
      refreshExpiresAt: now + 172_800_000,
    });
  });

  it("a refresh answer without a refresh token keeps the previous one and its expiry", () => {
    const previous = sessionFromAuthAnswer(
      { accessToken: "a", refreshToken: "r", refreshExpiresIn: 100 },
      now,
    )!;
    const s = sessionFromAuthAnswer({ accessToken: "a2", expiresIn: 10 }, now + 5000, previous);
    expect(s).toMatchObject({
      accessToken: "a2",
      refreshToken: "r",
      refreshExpiresAt: now + 100_000,
    });
  });

  it("refuses answers without tokens", () => {
    for (const body of [
      null,
      "x",
      {},
      { accessToken: "" },
      { accessToken: "a" },
      { refreshToken: "r" },
    ]) {
      expect(sessionFromAuthAnswer(body, now)).toBeUndefined();
    }
  });
});

describe("sessionSealer", () => {
  const session = {
    accessToken: "A.B.C",
    refreshToken: "R.S.T",
    accessExpiresAt: 1,
    refreshExpiresAt: 2,
    obtainedAt: 0,
  };

  it("round-trips, with nothing readable in the sealed value", () => {
    const sealer = sessionSealer("password-1", "id");
    const sealed = sealer.seal(session);
    expect(sealed).not.toContain("A.B.C");
    expect(sealed).not.toContain("R.S.T");
    expect(sealer.open(sealed)).toEqual(session);
    // A fresh IV each time.
    expect(sealer.seal(session)).not.toBe(sealed);
  });

  it("cannot be opened with another password or identity, or after tampering", () => {
    const sealed = sessionSealer("password-1", "id").seal(session);
    expect(sessionSealer("password-2", "id").open(sealed)).toBeUndefined();
    expect(sessionSealer("password-1", "other").open(sealed)).toBeUndefined();
    const parts = sealed.split(".");
    const body = Buffer.from(parts[2]!, "base64url");
    body[0]! ^= 1;
    parts[2] = body.toString("base64url");
    expect(sessionSealer("password-1", "id").open(parts.join("."))).toBeUndefined();
    expect(sessionSealer("password-1", "id").open("garbage")).toBeUndefined();
  });
});
