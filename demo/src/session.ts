import cookieSession from "cookie-session";
import type { Request, RequestHandler } from "express";

export interface DemoUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  locale: string;
}

/** A signed cookie session: the demo's stand-in for a merchant's own login. */
export function demoSession(secret: string): RequestHandler {
  return cookieSession({
    name: "shop_session",
    keys: [secret],
    httpOnly: true,
    sameSite: "lax",
    maxAge: 8 * 3600 * 1000,
  });
}

export function currentUser(req: Request): DemoUser | null {
  const user = (req as Request & { session?: { user?: DemoUser } | null }).session?.user;
  return user && typeof user.id === "string" ? user : null;
}

export function setUser(req: Request, user: DemoUser | null): void {
  const r = req as Request & { session?: { user?: DemoUser } | null };
  if (user === null) r.session = null;
  else r.session = { user };
}
