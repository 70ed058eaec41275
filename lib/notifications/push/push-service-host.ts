// Which push endpoints this server will POST to. A subscription's endpoint comes from the browser,
// that is from whoever is signed in: without a list, a fan could save `https://10.0.0.5/admin` or a
// cloud metadata address and have the outbox worker send signed requests into the private network
// (server-side request forgery). Browsers only ever hand out endpoints of their vendor's push service,
// so the default list is those services; a deployment that runs its own (or the tests' local double)
// names it in WEB_PUSH_SERVICE_HOSTS. A host matches a listed name exactly or as a subdomain of it.
import { setting } from "@/lib/config/env";

/** The push services of Chrome/Edge/Opera (FCM), Firefox (Mozilla autopush), Edge on Windows (WNS) and Safari (Apple). */
export const DEFAULT_PUSH_SERVICE_HOSTS = ["fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"];

export function isKnownPushService(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return false;
  }
  const listed = setting("WEB_PUSH_SERVICE_HOSTS") ?? DEFAULT_PUSH_SERVICE_HOSTS;
  return listed.some((name) => host === name || host.endsWith(`.${name}`));
}
