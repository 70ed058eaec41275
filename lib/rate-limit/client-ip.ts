// The caller's IP address, for per-IP rate limits.
//
// X-Forwarded-For is written by whoever sent the request, so it is only evidence when a proxy we
// trust (Vercel, a load balancer, nginx with `proxy_set_header X-Forwarded-For $remote_addr`)
// replaces it: then TRUST_PROXY=1 and its first entry is the client. Without that, a client could
// put a new made-up address in every request and never meet its per-IP limit, so XFF is ignored
// and X-Real-IP (set by nginx's and Vercel's edges) is used, else "unknown": every caller without a
// known address then shares one budget, and the per-email limits still apply.
//
// IPv6 addresses are cut to their /64 network: one host usually owns a whole /64 and could rotate
// through it. IPv4-mapped IPv6 (::ffff:1.2.3.4) is read as the IPv4 address.
import { isIP } from "node:net";

type Env = Record<string, string | undefined>;

export const UNKNOWN_IP = "unknown";

/** Expands an IPv6 address to its eight hextets, or null. */
function ipv6Hextets(ip: string): string[] | null {
  const [head, tail, ...rest] = ip.split("::");
  if (rest.length > 0 || head === undefined) return null;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ""));
}

/** A bucket name for an address: IPv4 as is, IPv6 as its /64; null when it is not an IP address. */
export function normaliseIp(raw: string): string | null {
  let ip = raw.trim();
  // "[2001:db8::1]:443" or "203.0.113.7:51234" as some proxies send them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed?.[1]) ip = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.replace(/%.*$/, ""); // zone index
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const hextets = ipv6Hextets(ip);
  return hextets ? `${hextets.slice(0, 4).join(":")}::/64` : null;
}

export function trustsProxy(env: Env = process.env): boolean {
  return env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true";
}

export function getClientIp(headers: Headers, env: Env = process.env): string {
  if (trustsProxy(env)) {
    const first = headers.get("x-forwarded-for")?.split(",")[0];
    const ip = first ? normaliseIp(first) : null;
    if (ip) return ip;
  }
  const realIp = headers.get("x-real-ip");
  return (realIp && normaliseIp(realIp)) || UNKNOWN_IP;
}
