// The app's public origin for links we hand to others (Stripe's success and cancel URLs): APP_URL
// when set (behind a proxy or a CDN), else AUTH_URL, else the origin the request came in on.
import { logger } from "@/lib/log/logger";

const log = logger("http");

export function publicOrigin(request: Request, env: Record<string, string | undefined> = process.env): string {
  const configured = env.APP_URL?.trim() || env.AUTH_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      log.warn(`APP_URL/AUTH_URL ${JSON.stringify(configured)} is not a URL; using the request's origin`);
    }
  }
  return new URL(request.url).origin;
}
