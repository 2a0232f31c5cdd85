import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Sandbox, credentialsToEnv, startSandbox } from "@widget-tokens/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "./helpers/http.js";
import { runBin, runCli, startCli } from "./helpers/run-cli.js";
import { fluzToken, gr4vyToken, impactToken, jackpotAssertion } from "./helpers/tokens.js";

const now = () => Math.floor(Date.now() / 1000);

describe("widget-tokens (each command line run in-process, as the bin runs it; the bin spawned once)", () => {
  // A sandbox only for its generated credentials (and to poke with minted tokens).
  let sandbox: Sandbox;
  let env: Record<string, string>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    env = credentialsToEnv(sandbox.credentials);
  });
  afterAll(() => sandbox.close());

  describe("decode", () => {
    it("prints the header and claims with times in human words", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!, { iat: now(), exp: now() + 3600 });
      const { code, stdout, stderr } = await runCli(["decode", token]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toContain("Looks like: Fluz patToken");
      expect(stdout).toMatch(/^ {2}alg {2}"HS256"$/m);
      expect(stdout).toMatch(/^ {2}externalId {7}"user-42"$/m);
      expect(stdout).toMatch(/^ {2}exp +\d+ {2}\d{4}-\d\d-\d\dT[\d:.]+Z \(in 59 min\)$/m);
      expect(stdout).toContain("Expiry: expires in 59 min");
    });

    it("--json, and - reads the token from stdin", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!, { exp: now() - 3 * 3600 });
      const { code, stdout } = await runCli(["decode", "-", "--json"], { input: `${token}\n` });
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(out).toMatchObject({
        header: { alg: "HS256" },
        claims: { externalId: "user-42" },
        expiry: "expired 3 h ago",
        expired: true,
        times: { exp: { relative: "3 h ago" } },
      });
    });

    it.each([
      [
        "garbage",
        /^widget-tokens: not a JWT: expected three base64url parts separated by dots, got no dot\n$/,
      ],
      ["a.b.c", /^widget-tokens: not a JWT: the header is not base64url-encoded JSON\n$/],
      ["a.b.c.d.e", /^widget-tokens: an encrypted token \(JWE\)/],
    ])("%s: one clear line, exit 1, no stack trace", async (garbage, message) => {
      const { code, stdout, stderr } = await runCli(["decode", garbage]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });

    /** A log line carrying a Fluz token. */
    const logLine = async () => {
      const fluz = await fluzToken(sandbox.credentials.fluz!, { exp: now() + 600 });
      return `2026-12-07T02:40:00Z info opened widget token=${fluz} user=qa_fluz_1`;
    };

    it("finds the token in a log line; --json is one line", async () => {
      const fromLine = await runCli(["decode", await logLine(), "--json"]);
      expect(fromLine.code).toBe(0);
      expect(fromLine.stdout.split("\n").filter(Boolean)).toHaveLength(1);
      expect(JSON.parse(fromLine.stdout)).toMatchObject({ claims: { externalId: "user-42" } });
    });

    it("finds every distinct token in a HAR file, one JSON line each", async () => {
      const fluz = await fluzToken(sandbox.credentials.fluz!, { exp: now() + 600 });
      const impact = await impactToken(sandbox.credentials.impact!);
      const dir = mkdtempSync(join(tmpdir(), "widget-tokens-"));
      try {
        const har = join(dir, "session.har");
        const entry = (url: string, body: object, headers: object[] = []) => ({
          request: { method: "POST", url, headers, postData: { text: JSON.stringify(body) } },
        });
        writeFileSync(
          har,
          JSON.stringify({
            log: {
              entries: [
                entry("http://127.0.0.1:4010/fluz/api/verify", { token: fluz }),
                entry("http://127.0.0.1:4010/impact/api/user", {}, [
                  { name: "X-SaaSquatch-User-Token", value: impact },
                ]),
                entry("http://127.0.0.1:4010/fluz/api/verify", { token: fluz }), // the same again
              ],
            },
          }),
        );
        const fromHar = await runCli(["decode", har, "--json"]);
        expect(fromHar.code).toBe(0);
        const lines = fromHar.stdout
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l));
        expect(lines.map((l) => l.looksLike)).toEqual([
          expect.stringMatching(/Fluz/),
          expect.stringMatching(/impact/),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reads a log from stdin; no token in it is exit 1", async () => {
      const fromStdin = await runCli(["decode", "-"], { input: `${await logLine()}\n` });
      expect(fromStdin.code).toBe(0);
      expect(fromStdin.stdout).toContain("Looks like: Fluz patToken");
      const nothing = await runCli(["decode", "-"], { input: "level=info nothing here\n" });
      expect(nothing).toMatchObject({
        code: 1,
        stderr: "widget-tokens: no JWT found in the input\n",
      });
    }, 40_000);

    it("usage errors exit 2", async () => {
      const none = await runCli(["decode"]);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        "widget-tokens: missing <token> (a token, a log line, a file, or - for stdin)\n",
      );
      const unknown = await runCli(["decode", "x", "--nope"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe("widget-tokens: Unknown option '--nope'\n");
    });
  });

  describe("verify", () => {
    it("valid → 0, with a one-line verdict", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!);
      const { code, stdout } = await runCli(["verify", "fluz", token], { env });
      expect(stdout).toMatch(/^valid: Fluz token for user-42, amount 50 USD, expires in 59 min\n$/);
      expect(code).toBe(0);
    });

    it("tampered → 1, with the reason", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!);
      const [h, , s] = token.split(".");
      const forged = Buffer.from(
        JSON.stringify({
          ...JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()),
          amount: 5000,
        }),
      ).toString("base64url");
      const { code, stdout } = await runCli(["verify", "fluz", `${h}.${forged}.${s}`], { env });
      expect(stdout).toBe(
        "invalid (bad-signature): the HS256 signature does not verify with the account's apiSecret\n",
      );
      expect(code).toBe(1);
    });

    it("the other providers, with the same verifiers as the stand-ins", async () => {
      const c = sandbox.credentials;
      const cases: [string, string, RegExp][] = [
        [
          "impact",
          await impactToken(c.impact!),
          /^valid: impact\.com token for user-42, expires in 59 min/,
        ],
        ["gr4vy", await gr4vyToken(c.gr4vy!), /^valid: Gr4vy token for user-42, amount 12\.99 USD/],
        [
          "jackpot",
          await jackpotAssertion(c.jackpot!),
          /^valid: Jackpot token for user-42, amount 25, expires in 4 min/,
        ],
        [
          "impact",
          await impactToken(c.impact!, {}, { kid: "IRother" }),
          /^invalid \(wrong-key\): kid "IRother" is not this account's SID/,
        ],
        [
          "jackpot",
          await jackpotAssertion(c.jackpot!, { iat: now() - 900 }),
          /^invalid \(expired\): issued 15 min ago/,
        ],
      ];
      const results = await Promise.all(cases.map(([p, t]) => runCli(["verify", p, t], { env })));
      results.forEach((r, i) => expect(r.stdout).toMatch(cases[i]![2]));
    });

    it("--json for scripts", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!, { exp: now() - 60 });
      const { code, stdout } = await runCli(["verify", "fluz", token, "--json"], { env });
      expect(code).toBe(1);
      expect(stdout.endsWith("\n") && !stdout.slice(0, -1).includes("\n")).toBe(true); // one line
      expect(JSON.parse(stdout)).toMatchObject({
        provider: "fluz",
        valid: false,
        verdict: "expired",
        user: "user-42",
        claims: { amount: 50 },
      });
    });

    it("usage errors → 2: unknown provider, missing variable, missing token", async () => {
      const token = await fluzToken(sandbox.credentials.fluz!);
      const unknown = await runCli(["verify", "stripe", token], { env });
      expect(unknown).toMatchObject({ code: 2, stdout: "" });
      expect(unknown.stderr).toMatch(
        /^widget-tokens: unknown provider "stripe": use one of fluz, impact/,
      );
      const missing = await runCli(["verify", "fluz", token], { env: { FLUZ_API_KEY: "k" } });
      expect(missing).toMatchObject({
        code: 2,
        stderr: "widget-tokens: FLUZ_API_SECRET is not set\n",
      });
      expect((await runCli(["verify", "fluz"], { env })).code).toBe(2);
    });

    it("--env-file reads the variables from a file", async () => {
      const dir = mkdtempSync(join(tmpdir(), "widget-tokens-"));
      try {
        const file = join(dir, ".env");
        writeFileSync(
          file,
          `FLUZ_API_KEY=${env.FLUZ_API_KEY}\nFLUZ_API_SECRET=${env.FLUZ_API_SECRET}\n`,
        );
        const token = await fluzToken(sandbox.credentials.fluz!);
        expect((await runCli(["verify", "fluz", token, "--env-file", file])).code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("a missing --env-file is a usage error (2) from the installed bin too, not Node's exit 9", async () => {
      const missing = join(tmpdir(), "widget-tokens-no-such.env");
      for (const args of [
        ["verify", "fluz", "x.y.z", "--env-file", missing],
        ["verify", "fluz", "x.y.z", `--env-file=${missing}`],
      ]) {
        const out = await runBin(args);
        expect(out.stderr).toBe(`widget-tokens: cannot read --env-file ${missing}: ENOENT\n`);
        expect(out.code).toBe(2);
      }
    }, 40_000);
  });

  describe("mint", () => {
    it("mints what verify accepts, and the stand-in too", async () => {
      const minted = await runCli(
        ["mint", "fluz", "--user", "qa-1", "--amount", "12.50", "--type", "withdraw"],
        { env },
      );
      expect(minted.code).toBe(0);
      const token = minted.stdout.trim();
      const verified = await runCli(["verify", "fluz", token], { env });
      expect(verified.stdout).toMatch(
        /^valid: Fluz token for qa-1, amount 12\.5 USD, expires in 23 h/,
      );
      expect(verified.code).toBe(0);
      const opened = await send(`${sandbox.url}/fluz/api/verify`, { token });
      expect(opened.json).toMatchObject({
        amount: 12.5,
        transactionType: "WITHDRAW",
        externalId: "qa-1",
      });
    });

    it("mints every provider's token (--json), each accepted by verify", async () => {
      const runs = await Promise.all([
        runCli(["mint", "impact", "--user", "qa-2", "--email", "qa@example.com", "--json"], {
          env,
        }),
        runCli(
          ["mint", "gr4vy", "--user", "qa-3", "--amount", "1299", "--currency", "EUR", "--json"],
          { env },
        ),
        runCli(["mint", "jackpot", "--user", "qa-4", "--amount", "25", "--json"], { env }),
      ]);
      const providers = ["impact", "gr4vy", "jackpot"];
      for (const r of runs) expect(r.code).toBe(0);
      const minted = runs.map((r) => JSON.parse(r.stdout));
      expect(minted[0].claims.user).toEqual({
        id: "qa-2",
        accountId: "qa-2",
        email: "qa@example.com",
      });
      expect(minted[1].claims.embed).toEqual({
        amount: 1299,
        currency: "EUR",
        buyer_external_identifier: "qa-3",
      });
      expect(minted[2].claims).toMatchObject({ amount: 25, userId: "qa-4", cp: "99", age: 99 });
      const verdicts = await Promise.all(
        minted.map((m, i) => runCli(["verify", providers[i]!, m.token, "--json"], { env })),
      );
      expect(verdicts.map((v) => JSON.parse(v.stdout).verdict)).toEqual([
        "valid",
        "valid",
        "valid",
      ]);
    });

    it("jackpot --exchange trades the assertion at the sandbox for a session token", async () => {
      const { code, stdout } = await runCli(
        [
          "mint",
          "jackpot",
          "--user",
          "qa-5",
          "--amount",
          "10",
          "--exchange",
          `${sandbox.url}/jackpot`,
        ],
        { env },
      );
      expect(code).toBe(0);
      expect(stdout.trim()).toMatch(/^jps_[\w-]+$/);
      const session = await send(`${sandbox.url}/jackpot/api/session`, {
        sessionToken: stdout.trim(),
      });
      expect(session.json).toMatchObject({ amount: 10, userId: "qa-5" });
    });

    it("--expires-in=-1h mints an expired token", async () => {
      const minted = await runCli(
        ["mint", "fluz", "--user", "u", "--amount", "5", "--expires-in=-1h"],
        { env },
      );
      const verified = await runCli(["verify", "fluz", "-"], { env, input: minted.stdout });
      expect(verified.stdout).toMatch(/^invalid \(expired\): expired (59 min|1 h) ago/);
      expect(verified.code).toBe(1);
    });

    it("usage errors → 2", async () => {
      const cases = [
        [["mint", "fluz", "--amount", "5"], "widget-tokens: missing --user\n"],
        [
          ["mint", "fluz", "--user", "u", "--amount", "5.001"],
          /--amount 5\.001: a positive amount/,
        ],
        [
          ["mint", "impact", "--user", "u", "--amount", "5"],
          "widget-tokens: --amount does not apply to impact\n",
        ],
        [["mint", "merchant-api", "--user", "u"], /the merchant API signs its own tokens/],
      ] as const;
      const runs = await Promise.all(cases.map(([args]) => runCli([...args], { env })));
      runs.forEach((r, i) => {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(cases[i]![1]);
      });
    });
  });

  describe("sandbox", () => {
    it("starts, prints its URL and inspection page as env lines, serves, and stops on SIGTERM", async () => {
      const dir = mkdtempSync(join(tmpdir(), "widget-tokens-"));
      const file = join(dir, "sandbox.env");
      const child = startCli(["sandbox", "--port", "0", "--write-env", file], {
        env: { FLUZ_API_SECRET: "a-fixed-secret-from-the-environment-000000" },
      });
      try {
        let stdout = "";
        child.stdout.on("data", (d) => {
          stdout += d;
        });
        let stderr = "";
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        while (!/Ctrl-C stops it/.test(stderr)) await once(child.stderr, "data");
        const url = /^SANDBOX_URL=(.+)$/m.exec(stdout)?.[1];
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(stdout).toContain(`SANDBOX_INSPECT_URL=${url}/__inspect/\n`);
        expect(stdout).toMatch(/^FLUZ_API_KEY=fluz_test_/m);
        // Secrets are not printed without --print-credentials…
        expect(stdout).not.toMatch(/FLUZ_API_SECRET|GR4VY_PRIVATE_KEY|MERCHANT_API_PASSWORD/);
        expect(stderr).toMatch(/10 secret variables not printed/);
        // …but written to --write-env, mode 600, the environment's value kept.
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const written = readFileSync(file, "utf8");
        expect(written).toContain("FLUZ_API_SECRET=a-fixed-secret-from-the-environment-000000\n");
        // PEM armour spelled in parts, so no file here looks like it holds a key.
        expect(written).toMatch(
          new RegExp(`^GR4VY_PRIVATE_KEY="-----BEGIN ${"PRIVATE"} KEY-----\\\\n`, "m"),
        );
        const inspect = await send(`${url}/__inspect`);
        expect(inspect.json).toEqual({ cursor: 0, tokens: [] });
        // A token minted from the written file is accepted by the running sandbox.
        const minted = await runCli([
          "mint",
          "fluz",
          "--user",
          "cli",
          "--amount",
          "1",
          "--env-file",
          file,
        ]);
        expect((await send(`${url}/fluz/api/verify`, { token: minted.stdout.trim() })).status).toBe(
          200,
        );
        expect((await send(`${url}/__inspect?provider=fluz`)).json.tokens[0].user).toBe("cli");
        child.kill("SIGTERM");
        const [code] = await once(child, "exit");
        expect(code).toBe(0);
        expect(stderr).toContain("SIGTERM, stopping");
        await expect(fetch(`${url}/__inspect`)).rejects.toThrow();
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("--json --print-credentials --providers: one JSON line with every variable", async () => {
      const child = startCli([
        "sandbox",
        "--json",
        "--print-credentials",
        "--providers",
        "fluz,gr4vy",
      ]);
      try {
        const [line] = (await once(child.stdout, "data")) as [Buffer];
        const out = JSON.parse(line.toString());
        expect(out.providers).toEqual(["fluz", "gr4vy"]);
        expect(Object.keys(out.env).sort()).toEqual([
          "FLUZ_API_KEY",
          "FLUZ_API_SECRET",
          "FLUZ_NOTIFICATION_SECRET",
          "GR4VY_ID",
          "GR4VY_PRIVATE_KEY",
          "SANDBOX_INSPECT_URL",
          "SANDBOX_URL",
        ]);
        expect(out.hidden).toEqual([]);
        child.kill("SIGINT");
        expect((await once(child, "exit"))[0]).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    });

    it("a port in use: one line, exit 1", async () => {
      const port = new URL(sandbox.url).port;
      const { code, stderr } = await runCli(["sandbox", "--port", port]);
      expect(code).toBe(1);
      expect(stderr).toBe(`widget-tokens: port ${port} is in use\n`);
    });
  });

  it("--help for each command; no command → help and exit 2", async () => {
    const runs = await Promise.all(
      ["decode", "verify", "mint", "sandbox"].map((c) => runCli([c, "--help"])),
    );
    for (const [i, c] of ["decode", "verify", "mint", "sandbox"].entries()) {
      expect(runs[i]!.code).toBe(0);
      expect(runs[i]!.stdout).toMatch(new RegExp(`^Usage: widget-tokens ${c} `));
    }
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^Usage: widget-tokens <command>/);
  });
});
