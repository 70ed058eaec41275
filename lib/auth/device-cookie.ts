// Device cookies (OWASP "Slow down online guessing attacks with device cookies"): after a successful
// sign-in the browser or API client gets a signed cookie naming a random device id and the account.
// A sign-in that presents a valid one for the same account is a device that has known the password
// before: it has its own budget and its own back-off (lib/rate-limit/auth-limits.ts), so a stranger
// who makes an account back off cannot lock its owner out of their own devices.
//
// openseat_device=v1.<device id>.<account tag>.<issued at (s)>.<signature>
// The account tag is an HMAC of the email (the cookie does not say whose it is); the signature is an
// HMAC of the rest, both keyed from AUTH_SECRET. One account per cookie: the last one signed in.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "./auth-secret";

export const DEVICE_COOKIE_NAME = "openseat_device";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

function key(): Buffer {
  return createHmac("sha256", getAuthSecret()).update("openseat device cookie v1").digest();
}

const mac = (data: string, length: number) => createHmac("sha256", key()).update(data).digest("base64url").slice(0, length);
const accountTag = (email: string) => mac(`account:${email.toLowerCase()}`, 22);

function cookieValue(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE_NAME) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The device id of a valid, unexpired device cookie for `email` in this Cookie header, or null. */
export function trustedDeviceId(cookieHeader: string | null, email: string, now = Date.now()): string | null {
  const value = cookieValue(cookieHeader);
  const parts = value?.split(".");
  if (!parts || parts.length !== 5 || parts[0] !== "v1") return null;
  const [version, deviceId, tag, issuedAt, signature] = parts as [string, string, string, string, string];
  const expected = Buffer.from(mac(`${version}.${deviceId}.${tag}.${issuedAt}`, 43));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (tag !== accountTag(email)) return null;
  const age = now / 1000 - Number(issuedAt);
  if (!(age >= -60 && age <= DEVICE_COOKIE_MAX_AGE_SECONDS)) return null;
  return deviceId;
}

/** A fresh device cookie for `email` (the same device id when the device had one), as name, value and options. */
export function deviceCookie(email: string, deviceId: string | null, { secure }: { secure: boolean }, now = Date.now()) {
  const id = deviceId ?? randomBytes(16).toString("base64url");
  const head = `v1.${id}.${accountTag(email)}.${Math.floor(now / 1000)}`;
  return {
    name: DEVICE_COOKIE_NAME,
    value: `${head}.${mac(head, 43)}`,
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS },
  };
}

/** The same cookie as a Set-Cookie header value (route handlers). */
export function serializeDeviceCookie(cookie: ReturnType<typeof deviceCookie>): string {
  const { name, value, options } = cookie;
  return `${name}=${value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}
