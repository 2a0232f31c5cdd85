import type { KeyObject } from "node:crypto";
import { mintTime, signMinted } from "../mint/sign.js";
import type { StandInTokenTools } from "../stand-in.js";
import { hmacKey, needEnv } from "../verify/read-env.js";
import { verifyUserToken } from "./verify-user-token.js";

/** What checking and minting a user JWT needs. */
export interface ImpactConfig {
  accountSid: string;
  key: KeyObject;
}

/** The CLI's `verify impact` and `mint impact`. */
export const impactTokens: StandInTokenTools<ImpactConfig> = {
  verifyEnv: "IMPACT_ACCOUNT_SID, IMPACT_AUTH_TOKEN",
  readConfig: (env) => ({
    accountSid: needEnv(env, "IMPACT_ACCOUNT_SID"),
    key: hmacKey(needEnv(env, "IMPACT_AUTH_TOKEN")),
  }),
  judge: (token, config, now) => verifyUserToken(token, config.key, config.accountSid, now),
  mint: {
    help: "[--account-id ID] [--email E] [--first-name N] [--last-name N] [--locale en_US] [--expires-in 1h]",
    options: ["account-id", "email", "first-name", "last-name", "locale", "expires-in"],
    amount: "none",
    mint(config, request) {
      const user: Record<string, string> = {
        id: request.user,
        accountId: request.accountId ?? request.user,
      };
      for (const field of ["firstName", "lastName", "email", "locale"] as const) {
        if (request[field] !== undefined) user[field] = request[field];
      }
      return signMinted(
        { alg: "HS256", typ: "JWT", kid: config.accountSid },
        { user, exp: mintTime(request) + (request.expiresIn ?? 3600) },
        config.key,
      );
    },
  },
};
