/**
 * Amounts the person did not type. A JSON number written with an exponent
 * or beyond-cent precision (`1e3`, `5e-1`, `50.0000000000000001`) used to be
 * minted, because `parseAmount` only saw the parsed number. When
 * widget-tokens reads the body itself, the number's source text decides
 * (parse-json-text.ts keeps it as a `JsonNumberSource`), for every amount
 * field of every provider (Fluz and Jackpot take one; Gr4vy and impact
 * refuse an `amount` field outright; the merchant-API proxy forwards the
 * numbers it was sent). After an app-level parser the text is gone: the
 * last block pins down exactly what can still be checked (documented in
 * docs/providers/fluz.md and the README).
 */
import {
  type JackpotSandboxControl,
  jackpotSandboxControl,
  startSandbox,
} from "@widget-tokens/sandbox";
import { JsonNumberSource, parseAmount } from "@widget-tokens/shared";
import express from "express";
import express4 from "express4";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJsonText } from "../src/http/parse-json-text.js";
import type { AuthorizeContext } from "../src/index.js";
import { TEST_SECRET, type TestApp, startTestApp } from "./helpers/http.js";
import { verifyHs256 } from "./helpers/verify-hs256.js";

const MAX = 10_000;
const FLUZ = "/fluz/pat-token";
const JACKPOT_ROUTE = "/jackpot/session-token";
const JACKPOT = { apiKey: "jackpot-amount-key", apiSignature: `${TEST_SECRET}-jackpot` };
/** The amounts from the attack, and their string forms' messages. */
const UNTYPED = ["1e3", "5e-1", "50.0000000000000001"];

const fluzBody = (amountText: string) => `{"amount":${amountText},"transactionType":"DEPOSIT"}`;

/** The rule, as a reference model (regex and BigInt cents): what a JSON number text must be to mint. */
function model(text: string): number | undefined {
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const cents = BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
  return cents >= 1n && cents <= BigInt(MAX) * 100n ? Number(cents) / 100 : undefined;
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
/** JSON number texts, biased towards amounts near the rule's edges. */
const jsonNumberTexts = fc
  .tuple(
    fc.constantFrom("", "", "", "-"),
    fc.oneof(
      fc.constant("0"),
      fc.integer({ min: 1, max: 12_000 }).map(String),
      fc.tuple(fc.constantFrom(..."123456789"), digits(0, 8)).map(([a, b]) => a + b),
    ),
    fc.option(digits(1, 18), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 2)), {
      nil: undefined,
    }),
  )
  .map(
    ([sign, int, frac, exp]) =>
      `${sign}${int}${frac === undefined ? "" : `.${frac}`}${exp === undefined ? "" : exp.join("")}`,
  );

describe("parseJsonText keeps a number's source text when it matters", () => {
  it("maps numbers not written as JavaScript writes them to JsonNumberSource", () => {
    const body = parseJsonText(
      '{"a":1e3,"b":5e-1,"c":50.0000000000000001,"d":50.25,"e":50.00,"f":-0,"g":12}',
    ) as Record<string, unknown>;
    expect(body.a).toEqual(new JsonNumberSource("1e3"));
    expect(body.b).toEqual(new JsonNumberSource("5e-1"));
    expect(body.c).toEqual(new JsonNumberSource("50.0000000000000001"));
    expect(body.d).toBe(50.25);
    expect(body.e).toEqual(new JsonNumberSource("50.00"));
    expect(body.f).toEqual(new JsonNumberSource("-0"));
    expect(body.g).toBe(12);
  });

  it("refuses each of them with the message of its string form", () => {
    for (const text of UNTYPED) {
      const parsed = (parseJsonText(`{"amount":${text}}`) as { amount: unknown }).amount;
      const result = parseAmount(parsed, { max: MAX });
      expect(result.ok).toBe(false);
      expect(result).toEqual(parseAmount(text, { max: MAX }));
    }
  });

  it("refuses a key given twice, whatever the order", () => {
    expect(() => parseJsonText('{"amount":"5.00","amount":"9999.00"}')).toThrow(
      'Body has "amount" more than once',
    );
  });
});

describe.each([5, 4] as const)(
  "amounts over HTTP on Express %i (widget-tokens reads the body)",
  (expressVersion) => {
    const control: JackpotSandboxControl = jackpotSandboxControl();
    let sandbox: Awaited<ReturnType<typeof startSandbox>>;
    let app: TestApp;
    let issued = 0;

    beforeAll(async () => {
      sandbox = await startSandbox({ providers: { jackpot: { ...JACKPOT, control } } });
      app = await startTestApp(
        {
          providers: {
            fluz: { apiKey: "fluz-amount-key", apiSecret: TEST_SECRET, maxAmount: MAX },
            jackpot: {
              ...JACKPOT,
              baseUrl: `${sandbox.url}/jackpot`,
              maxAmount: MAX,
              onIssued: () => {
                issued++;
              },
            },
          },
        },
        { expressVersion },
      );
    });
    afterAll(async () => {
      await app.close();
      await sandbox.close();
    });

    it.each(UNTYPED)("Fluz refuses %s as it refuses the string form", async (text) => {
      const res = await app.post(FLUZ, fluzBody(text));
      expect(res.status).toBe(400);
      const asString = await app.post(FLUZ, fluzBody(JSON.stringify(text)));
      expect(await res.json()).toEqual(await asString.json());
    });

    it.each(UNTYPED)("Jackpot refuses %s before anything is signed or exchanged", async (text) => {
      const exchanges = control.exchanges.length;
      const res = await app.post(JACKPOT_ROUTE, `{"amount":${text}}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "INVALID_REQUEST", field: "amount" },
      });
      expect(control.exchanges.length).toBe(exchanges);
      expect(issued).toBe(0);
    });

    it("still accepts the numbers a person types: 50, 50.5, 50.25, 0.01, 10000", async () => {
      for (const text of ["50", "50.5", "50.25", "0.01", "10000"]) {
        const res = await app.post(FLUZ, fluzBody(text));
        expect(res.status, text).toBe(201);
        const { token } = (await res.json()) as { token: string };
        expect((await verifyHs256(token, TEST_SECRET)).payload.amount).toBe(Number(text));
      }
    });

    it("generated JSON number texts: minted exactly when the reference model accepts, for that amount", async () => {
      await fc.assert(
        fc.asyncProperty(jsonNumberTexts, async (text) => {
          const res = await app.post(FLUZ, fluzBody(text));
          const expected = model(text);
          if (expected === undefined) {
            expect(res.status, text).toBe(400);
            return;
          }
          expect(res.status, text).toBe(201);
          const { token } = (await res.json()) as { token: string };
          expect((await verifyHs256(token, TEST_SECRET)).payload.amount).toBe(expected);
        }),
        { numRuns: 30 },
      );
    });
  },
);

describe("the merchant-API proxy forwards the numbers it was sent", () => {
  const forwarded: string[] = [];
  const seenByPolicy: unknown[] = [];
  let app: TestApp;

  beforeAll(async () => {
    // A stand-in client: what it is handed is what the real one serializes (JSON.stringify) and sends.
    const client = {
      request: async (_method: string, _path: string, body: unknown) => {
        forwarded.push(JSON.stringify(body));
        return { status: 200, data: { ok: true } };
      },
      close: async () => {},
    };
    app = await startTestApp({
      providers: {
        merchantApi: {
          client: client as never,
          expose: [
            {
              method: "POST",
              path: "/v2/orders/quote",
              authorize: ({ request }: AuthorizeContext) => {
                seenByPolicy.push(request);
                return true;
              },
            },
          ],
        },
      },
    });
  });
  afterAll(() => app.close());

  it("exactly as a JSON.parse / JSON.stringify round trip would (numbers stay numbers)", async () => {
    const text = '{"n":1e3,"x":50.0000000000000001,"y":1.5,"z":-0,"e":50.00,"s":"1e3","a":[2E2]}';
    const res = await app.post("/merchant-api/v2/orders/quote", text);
    expect(res.status).toBe(200);
    expect(forwarded.at(-1)).toBe(JSON.stringify(JSON.parse(text)));
    // The merchant's policy sees the source text where it differs from the number.
    const request = seenByPolicy.at(-1) as Record<string, unknown>;
    expect(request.n).toEqual(new JsonNumberSource("1e3"));
    expect(Number(request.n)).toBe(1000);
    expect(request.y).toBe(1.5);
  });
});

describe.each([
  ["Express 5", 5, express.json],
  ["Express 4", 4, express4.json],
] as const)(
  "after an app-level parser (%s's express.json): the source text is gone",
  (_name, expressVersion, json) => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp(
        {
          providers: {
            fluz: { apiKey: "fluz-amount-key", apiSecret: TEST_SECRET, maxAmount: MAX },
          },
        },
        { expressVersion, before: [json()] },
      );
    });
    afterAll(() => app.close());

    const mintedAmount = async (text: string) => {
      const res = await app.post(FLUZ, fluzBody(text));
      if (res.status !== 201) return res.status;
      const { token } = (await res.json()) as { token: string };
      return (await verifyHs256(token, TEST_SECRET)).payload.amount;
    };

    it("what no check can tell apart: 1e3 is 1000, 5e-1 is 0.5, 50.0000000000000001 is 50", async () => {
      expect(await mintedAmount("1e3")).toBe(1000);
      expect(await mintedAmount("5e-1")).toBe(0.5);
      expect(await mintedAmount("50.0000000000000001")).toBe(50);
    });

    it("what survives as a double is still refused: 50.001, 1e-7, 1e21, -0, -5, over the maximum", async () => {
      for (const text of ["50.001", "1e-7", "1e21", "-0", "-5", "10000.01", "1e400"]) {
        expect(await mintedAmount(text), text).toBe(400);
      }
    });

    it("string amounts are judged on their text as always", async () => {
      for (const text of UNTYPED) expect(await mintedAmount(JSON.stringify(text)), text).toBe(400);
    });
  },
);
