// Where an admission token travels: API clients send `X-Admission-Token`; browsers carry the
// httpOnly cookie `openseat_admission_<event id>` that the queue endpoints set (SameSite=Lax, path /),
// so the page's later reserve calls prove admission without script access to the token.
export const ADMISSION_HEADER = "x-admission-token";
const COOKIE_PREFIX = "openseat_admission_";

export const admissionCookieName = (eventId: number): string => `${COOKIE_PREFIX}${eventId}`;

/** Looks up the token a request carries for an event: the header first, else that event's cookie. */
export type AdmissionCredentials = { tokenFor(eventId: number): string | null };

export const noAdmission: AdmissionCredentials = { tokenFor: () => null };

/** Reads the header and the admission cookies once; the event is known only after the tickets are looked up. */
export function admissionCredentialsFrom(request: Request): AdmissionCredentials {
  const header = request.headers.get(ADMISSION_HEADER)?.trim() || null;
  const cookies = new Map<string, string>();
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name.startsWith(COOKIE_PREFIX)) continue;
    const value = part.slice(eq + 1).trim();
    if (value) cookies.set(name, value);
  }
  return { tokenFor: (eventId) => header ?? cookies.get(admissionCookieName(eventId)) ?? null };
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** Set-Cookie for an admission (expires with it), or one that removes the cookie (token null). */
export function admissionCookie(request: Request, eventId: number, token: string | null, expiresAt?: Date): string {
  const maxAge = token && expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) : 0;
  const parts = [`${admissionCookieName(eventId)}=${token ?? ""}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}
