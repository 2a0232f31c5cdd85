import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The request as an Express app hands it over. Only Node's own types are
 * used so the middleware runs unchanged under Express 4 and 5 (and Connect).
 */
export type Request = IncomingMessage & {
  /** Set by Express, honouring `trust proxy`. */
  ip?: string | undefined;
  /** Set by an upstream body parser, if the app has one. */
  body?: unknown;
  _body?: boolean | undefined;
  originalUrl?: string | undefined;
  /** Set by Express: the path the middleware is mounted at, as matched. */
  baseUrl?: string | undefined;
};
export type Response = ServerResponse;
type Next = (err?: unknown) => void;
/** A Connect/Express middleware. */
export type Middleware = (req: Request, res: Response, next: Next) => void;
