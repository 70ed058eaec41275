// Cross-site request forgery guard for cookie-authenticated writes. The session cookie is
// SameSite=Lax, which already keeps it off cross-site POSTs from other sites; this also refuses
// writes from sibling subdomains ("same-site" but not same-origin) and from browsers without
// SameSite. Browsers say where a request comes from in Sec-Fetch-Site (all current ones) or Origin;
// a request with neither is not a browser's cross-site request. Bearer-token calls are not affected:
// a browser never attaches an Authorization header on its own.
//
// "Bearer" exactly as lib/auth/get-caller.ts reads it: any other Authorization header (Basic, a
// made-up scheme) leaves the caller to be found by the cookie, so it must not skip the guard, or a
// cross-site form could add `Authorization: Basic x` (fetch with credentials can) and ride the cookie.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether this Authorization header selects the access-token path (never the cookie). */
export function isBearerAuthorization(header: string | null): boolean {
  return header !== null && /^bearer\b/i.test(header);
}

export function isCrossSiteCookieWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (isBearerAuthorization(request.headers.get("authorization")) || !request.headers.has("cookie")) return false;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  try {
    return new URL(origin).host !== host.split(",")[0]!.trim();
  } catch {
    return true;
  }
}
