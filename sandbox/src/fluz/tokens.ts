import { randomUUID } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { FLUZ_TRANSACTION_TYPES } from "@widget-tokens/shared";
import { mintTime, signMinted } from "../mint/sign.js";
import type { StandInTokenTools } from "../stand-in.js";
import { hmacKey, needEnv } from "../verify/read-env.js";
import { verifyPatToken } from "./verify-pat-token.js";

/** What checking and minting a patToken needs. */
export interface FluzConfig {
  apiKey: string;
  secret: KeyObject;
}

/** The CLI's `verify fluz` and `mint fluz`. */
export const fluzTokens: StandInTokenTools<FluzConfig> = {
  verifyEnv: "FLUZ_API_KEY, FLUZ_API_SECRET",
  readConfig: (env) => ({
    apiKey: needEnv(env, "FLUZ_API_KEY"),
    secret: hmacKey(needEnv(env, "FLUZ_API_SECRET")),
  }),
  judge: (token, config, now) => verifyPatToken(token, config.secret, config.apiKey, now),
  mint: {
    help: "--amount DOLLARS (50, 12.50) [--type DEPOSIT|WITHDRAW] [--expires-in 1d]",
    options: ["amount", "type", "expires-in"],
    amount: "dollars",
    mint(config, request) {
      const transactionType = request.transactionType ?? "DEPOSIT";
      if (!FLUZ_TRANSACTION_TYPES.includes(transactionType)) {
        throw new TypeError("transactionType must be DEPOSIT or WITHDRAW");
      }
      const iat = mintTime(request);
      return signMinted(
        { alg: "HS256", typ: "JWT" },
        {
          amount: request.amount,
          apiKey: config.apiKey,
          transactionType,
          externalId: request.user,
          jti: randomUUID(),
          iat,
          exp: iat + (request.expiresIn ?? 86_400),
        },
        config.secret,
      );
    },
  },
};
