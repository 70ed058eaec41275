// The caller's IP address, for per-IP rate limits, and whether the request reached us over HTTPS.
//
// Every request header is written by whoever sent the request, so a header is only evidence of the
// client's address when someone we trust wrote it:
//   - On Vercel (VERCEL=1) its edge overwrites X-Real-IP / X-Vercel-Forwarded-For on every request.
//   - Self-hosted, the app runs behind our own server entry (scripts/server.mjs: `npm start`,
//     `npm run demo`), which drops any client-sent copy of x-openseat-client-ip and sets it from the
//     TCP socket, together with a per-process key that proves the header came from it. That peer
//     address is the client, unless it is a proxy listed in TRUST_PROXY: then the client is the
//     right-most X-Forwarded-For entry that is not a trusted proxy (each proxy appends the address
//     it saw, so only the entries right of the first untrusted hop are evidence; whatever a client
//     wrote is further left).
//   - Anything else (`next dev`, a plain `next start`) cannot see the socket: the client is
//     "unknown", and callers skip per-IP budgets rather than put every unknown caller in one bucket
//     (one client's failures would lock out everyone). Per-user and per-email budgets still apply.
//
// TRUST_PROXY is a comma-separated list of proxy addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`,
// `::1`, `fd00::/8`), plus the words `loopback` and `private`. The old `1`/`true` ("believe the
// first X-Forwarded-For entry") let any client pick its address; it now means "the peer is exactly
// one proxy hop": the client is the right-most entry that proxy appended. That is safe only while
// the app cannot be reached except through the proxy, so a list of addresses is preferred.
//
// IPv6 addresses are cut to their /64 network: one host usually owns a whole /64 and could rotate
// through it. IPv4-mapped IPv6 (::ffff:1.2.3.4) is read as the IPv4 address.
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { logger } from "@/lib/log/logger";

const log = logger("client-ip");

type Env = Record<string, string | undefined>;

export const UNKNOWN_IP = "unknown";

/** Set by the server entry from the TCP socket (any copy the client sent is removed first). */
export const PEER_ADDRESS_HEADER = "x-openseat-client-ip";
/** Carries the server entry's per-process key, so the header above is believed only behind it. */
export const ENTRY_KEY_HEADER = "x-openseat-entry-key";
/** The server entry puts its random key here (process environment, never sent to anyone). */
export const ENTRY_KEY_ENV = "OPENSEAT_SERVER_ENTRY_KEY";

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

/** The bare address in "[2001:db8::1]:443", "203.0.113.7:51234", "fe80::1%eth0", "::ffff:1.2.3.4"; null when it is none. */
export function parseIp(raw: string): { ip: string; version: 4 | 6 } | null {
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed?.[1]) ip = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.replace(/%.*$/, ""); // zone index
  const kind = isIP(ip);
  if (kind === 4) return { ip, version: 4 };
  if (kind !== 6) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return { ip: mapped[1], version: 4 };
  return { ip, version: 6 };
}

/** A bucket name for an address: IPv4 as is, IPv6 as its /64; null when it is not an IP address. */
export function normaliseIp(raw: string): string | null {
  const parsed = parseIp(raw);
  if (!parsed) return null;
  if (parsed.version === 4) return parsed.ip;
  const hextets = ipv6Hextets(parsed.ip);
  return hextets ? `${hextets.slice(0, 4).join(":")}::/64` : null;
}

/** The address as a number (32 or 128 bits), for range checks. */
function toBigInt(ip: string, version: 4 | 6): bigint | null {
  if (version === 4) return ip.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  const hextets = ipv6Hextets(ip);
  if (!hextets) return null;
  // An embedded IPv4 tail (::1.2.3.4) takes two hextets.
  const last = hextets.at(-1)!;
  if (last.includes(".")) return null;
  return hextets.reduce((n, h) => (n << 16n) | BigInt(parseInt(h, 16)), 0n);
}

type Range = { version: 4 | 6; base: bigint; bits: number };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

function parseRange(entry: string): Range[] | null {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named) return named.flatMap((r) => parseRange(r) ?? []);
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return null;
  const parsed = parseIp(address);
  if (!parsed || parsed.ip !== address.trim().replace(/^::ffff:/i, "")) return null;
  const width = parsed.version === 4 ? 32 : 128;
  const bits = prefix === undefined ? width : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!(bits >= 0 && bits <= width)) return null;
  const value = toBigInt(parsed.ip, parsed.version);
  if (value === null) return null;
  const shift = BigInt(width - bits);
  return [{ version: parsed.version, base: (value >> shift) << shift, bits }];
}

export type TrustedProxies =
  /** No proxy: the peer is the client. */
  | { kind: "none" }
  /** TRUST_PROXY=1|true: the peer is one proxy, whatever its address. */
  | { kind: "one-hop" }
  | { kind: "ranges"; ranges: Range[]; invalid: string[] };

/** Reads TRUST_PROXY. Entries that are not an address, a CIDR range or a known word are reported in `invalid` and ignored. */
export function parseTrustProxy(value: string | undefined): TrustedProxies {
  const raw = value?.trim() ?? "";
  if (raw === "" || raw === "0" || raw.toLowerCase() === "false") return { kind: "none" };
  if (raw === "1" || raw.toLowerCase() === "true") return { kind: "one-hop" };
  const ranges: Range[] = [];
  const invalid: string[] = [];
  for (const entry of raw.split(",").map((e) => e.trim()).filter(Boolean)) {
    const parsed = parseRange(entry);
    if (parsed) ranges.push(...parsed);
    else invalid.push(entry);
  }
  return { kind: "ranges", ranges, invalid };
}

let cachedTrust: { value: string | undefined; trust: TrustedProxies } | undefined;
let invalidReported = false;

function trustedProxies(env: Env): TrustedProxies {
  if (!cachedTrust || cachedTrust.value !== env.TRUST_PROXY) cachedTrust = { value: env.TRUST_PROXY, trust: parseTrustProxy(env.TRUST_PROXY) };
  const { trust } = cachedTrust;
  if (trust.kind === "ranges" && trust.invalid.length > 0 && !invalidReported) {
    invalidReported = true;
    log.warn(`TRUST_PROXY: ignoring ${trust.invalid.map((e) => JSON.stringify(e)).join(", ")} (not an address or CIDR range)`);
  }
  return trust;
}

function inRanges(raw: string, ranges: Range[]): boolean {
  const parsed = parseIp(raw);
  if (!parsed) return false;
  const value = toBigInt(parsed.ip, parsed.version);
  if (value === null) return false;
  const width = parsed.version === 4 ? 32 : 128;
  return ranges.some((r) => r.version === parsed.version && (value >> BigInt(width - r.bits)) << BigInt(width - r.bits) === r.base);
}

/** Whether `address` is a proxy TRUST_PROXY names (the one-hop setting trusts only the peer). */
export function isTrustedProxy(address: string, env: Env = process.env): boolean {
  const trust = trustedProxies(env);
  return trust.kind === "ranges" && inRanges(address, trust.ranges);
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The TCP peer's address as the server entry saw it, or null when the request did not come through
 * the server entry of this process (its key is missing or wrong: the header may be the client's).
 */
export function peerAddress(headers: Headers, env: Env = process.env): string | null {
  const key = env[ENTRY_KEY_ENV];
  const sent = headers.get(ENTRY_KEY_HEADER);
  if (!key || !sent || !sameKey(key, sent)) return null;
  const peer = headers.get(PEER_ADDRESS_HEADER);
  return peer && parseIp(peer) ? peer : null;
}

function forwardedFor(headers: Headers): string[] {
  // Several X-Forwarded-For headers arrive joined by ", ".
  return (headers.get("x-forwarded-for") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
}

/** The client's address in full (not yet bucketed), or null when unknown. */
export function resolveClientAddress(headers: Headers, env: Env = process.env): string | null {
  if (env.VERCEL === "1") {
    // Vercel's edge overwrites both; a client's own copies never reach the function.
    const vercel = headers.get("x-real-ip") ?? headers.get("x-vercel-forwarded-for")?.split(",")[0];
    return vercel && parseIp(vercel) ? vercel.trim() : null;
  }
  const peer = peerAddress(headers, env);
  if (!peer) return null;
  const trust = trustedProxies(env);
  if (trust.kind === "none") return peer;
  if (trust.kind === "ranges" && !inRanges(peer, trust.ranges)) return peer;
  // The peer is a proxy we trust: read what it (and the trusted proxies before it) saw, right to left.
  const hops = forwardedFor(headers);
  if (hops.length === 0) {
    const realIp = headers.get("x-real-ip");
    return realIp && parseIp(realIp) ? realIp.trim() : peer;
  }
  if (trust.kind === "one-hop") return parseIp(hops.at(-1)!) ? hops.at(-1)! : null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A trusted proxy wrote this entry; when it is not an address the chain is broken: unknown.
    if (!parseIp(hop)) return null;
    if (!inRanges(hop, trust.ranges)) return hop;
  }
  // Every hop is one of our proxies (a health check from the load balancer): that is the client.
  return hops[0]!;
}

/** The caller's rate-limit bucket: its address (IPv6 as a /64), or UNKNOWN_IP. */
export function getClientIp(headers: Headers, env: Env = process.env): string {
  const address = resolveClientAddress(headers, env);
  return (address && normaliseIp(address)) || UNKNOWN_IP;
}

/**
 * Whether the request reached us over HTTPS, for HSTS: on Vercel always; self-hosted only when a
 * trusted proxy says so in X-Forwarded-Proto (the server entry itself speaks plain HTTP), reading
 * the right-most value, the one the nearest proxy wrote.
 */
export function isHttpsRequest(headers: Headers, env: Env = process.env): boolean {
  if (env.VERCEL === "1") return true;
  const peer = peerAddress(headers, env);
  if (!peer) return false;
  const trust = trustedProxies(env);
  const peerIsProxy = trust.kind === "one-hop" || (trust.kind === "ranges" && inRanges(peer, trust.ranges));
  if (!peerIsProxy) return false;
  const proto = headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase();
  return proto === "https";
}
