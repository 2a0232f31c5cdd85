import { type KeyObject, createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import { CliError, EXIT } from "../cli-error.js";
import { readPemValue } from "../credentials/read-pem.js";
import { mintTime, signMinted } from "../mint/sign.js";
import type { StandInTokenTools } from "../stand-in.js";
import { keyId } from "./key-id.js";
import { verifyEmbedToken } from "./verify-embed-token.js";

/** What checking (the public key) and minting (the private key) a Gr4vy token needs. */
export interface Gr4vyConfig {
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/** The `iss` minted Gr4vy tokens carry (Gr4vy does not check it). */
const MINT_GR4VY_ISSUER = "widget-tokens mint";

function readConfig(env: NodeJS.ProcessEnv, forMinting: boolean): Gr4vyConfig {
  const name = env.GR4VY_PRIVATE_KEY || forMinting ? "GR4VY_PRIVATE_KEY" : "GR4VY_PUBLIC_KEY";
  if (!env[name]) {
    throw new CliError(
      "MISSING_ENV",
      forMinting
        ? "GR4VY_PRIVATE_KEY is not set"
        : "GR4VY_PRIVATE_KEY (or GR4VY_PUBLIC_KEY) is not set",
      EXIT.usage,
    );
  }
  try {
    const pem = readPemValue(env[name]!);
    if (name === "GR4VY_PRIVATE_KEY") {
      const privateKey = createPrivateKey(pem);
      return { privateKey, publicKey: createPublicKey(privateKey) };
    }
    return { publicKey: createPublicKey(pem) };
  } catch {
    throw new CliError(
      "INVALID_ENV",
      `${name} is not a PEM key (PEM, PEM with \\n escapes, or a file path)`,
      EXIT.usage,
    );
  }
}

/** The CLI's `verify gr4vy` and `mint gr4vy`. */
export const gr4vyTokens: StandInTokenTools<Gr4vyConfig> = {
  verifyEnv: "GR4VY_PRIVATE_KEY (or GR4VY_PUBLIC_KEY to verify)",
  readConfig,
  judge: (token, config, now) => verifyEmbedToken(token, config.publicKey, now),
  mint: {
    help: "--amount MINOR_UNITS (1299 = 12.99) [--currency USD] [--expires-in 1h]",
    options: ["amount", "currency", "expires-in"],
    amount: "minor-units",
    async mint(config, request) {
      if (!config.privateKey) throw new TypeError("minting a Gr4vy token needs the private key");
      const iat = mintTime(request);
      return signMinted(
        { alg: "ES512", typ: "JWT", kid: await keyId(config.publicKey) },
        {
          scopes: ["embed"],
          embed: {
            amount: request.amount,
            currency: request.currency ?? "USD",
            buyer_external_identifier: request.user,
          },
          iat,
          nbf: iat,
          exp: iat + (request.expiresIn ?? 3600),
          iss: MINT_GR4VY_ISSUER,
          jti: randomUUID(),
        },
        config.privateKey,
      );
    },
  },
};
