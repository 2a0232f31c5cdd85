import type { Request, Response } from "./types.js";

/**
 * A server-to-server route below the mount (a provider's notification): no
 * browser pipeline (no origin, session or CORS), only `POST`, its own
 * verification. Errors it throws are answered by the dispatcher as JSON.
 */
export interface InboundRoute {
  /** Exact path below the mount point, e.g. "/fluz/notifications". */
  path: string;
  handle(req: Request, res: Response): Promise<void>;
}
