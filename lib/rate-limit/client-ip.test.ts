import { describe, expect, it } from "vitest";
import {
  ENTRY_KEY_ENV,
  ENTRY_KEY_HEADER,
  getClientIp,
  isHttpsRequest,
  normaliseIp,
  parseTrustProxy,
  PEER_ADDRESS_HEADER,
  UNKNOWN_IP,
} from "./client-ip";

const KEY = "entry-key-of-this-process";
const h = (init: Record<string, string>) => new Headers(init);
/** Headers as the server entry passes them on: the socket's address and this process's key. */
const viaEntry = (peer: string, init: Record<string, string> = {}) => h({ ...init, [PEER_ADDRESS_HEADER]: peer, [ENTRY_KEY_HEADER]: KEY });
const env = (extra: Record<string, string> = {}) => ({ [ENTRY_KEY_ENV]: KEY, ...extra });

describe("getClientIp without a trusted proxy", () => {
  it("is the TCP peer behind the server entry; forged X-Real-IP / X-Forwarded-For are ignored", () => {
    const forged = { "x-real-ip": "198.51.100.4", "x-forwarded-for": "203.0.113.9, 10.0.0.1" };
    expect(getClientIp(viaEntry("127.0.0.5", forged), env())).toBe("127.0.0.5");
    expect(getClientIp(viaEntry("::ffff:192.0.2.7", forged), env())).toBe("192.0.2.7");
    expect(getClientIp(viaEntry("2001:db8:1:2::99", forged), env())).toBe("2001:db8:1:2::/64");
  });

  it("is unknown (never a header) when the request did not come through our server entry", () => {
    // `next dev` / plain `next start`: no key in the environment, so a client-sent peer header is not believed.
    expect(getClientIp(h({ [PEER_ADDRESS_HEADER]: "127.0.0.5", [ENTRY_KEY_HEADER]: KEY }), {})).toBe(UNKNOWN_IP);
    expect(getClientIp(h({ "x-real-ip": "198.51.100.4" }), {})).toBe(UNKNOWN_IP);
    expect(getClientIp(h({ "x-forwarded-for": "203.0.113.9" }), { TRUST_PROXY: "1" })).toBe(UNKNOWN_IP);
    // Behind the entry, a client that guesses at the key is not believed either.
    expect(getClientIp(h({ [PEER_ADDRESS_HEADER]: "127.0.0.5", [ENTRY_KEY_HEADER]: "guess" }), env())).toBe(UNKNOWN_IP);
    expect(getClientIp(h({ [PEER_ADDRESS_HEADER]: "127.0.0.5" }), env())).toBe(UNKNOWN_IP);
  });
});

describe("getClientIp behind trusted proxies (TRUST_PROXY list)", () => {
  const trust = env({ TRUST_PROXY: "127.0.0.1,10.0.0.0/8" });

  it("takes the right-most X-Forwarded-For entry that is not a trusted proxy", () => {
    // client -> 10.1.2.3 (load balancer) -> 127.0.0.1 (nginx) -> app; the client prepended a lie.
    const headers = viaEntry("127.0.0.1", { "x-forwarded-for": "1.1.1.1, 203.0.113.9, 10.1.2.3" });
    expect(getClientIp(headers, trust)).toBe("203.0.113.9");
    expect(getClientIp(viaEntry("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }), trust)).toBe("203.0.113.9");
    // Several X-Forwarded-For headers count as one list.
    const split = new Headers([["x-forwarded-for", "1.1.1.1"], ["x-forwarded-for", "203.0.113.9"], [PEER_ADDRESS_HEADER, "10.0.0.2"], [ENTRY_KEY_HEADER, KEY]]);
    expect(getClientIp(split, trust)).toBe("203.0.113.9");
  });

  it("ignores the proxy headers of a peer that is not a trusted proxy", () => {
    expect(getClientIp(viaEntry("192.0.2.50", { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" }), trust)).toBe("192.0.2.50");
  });

  it("reads X-Real-IP from a trusted proxy that sends no X-Forwarded-For; all-proxy chains and broken entries", () => {
    expect(getClientIp(viaEntry("127.0.0.1", { "x-real-ip": "203.0.113.9" }), trust)).toBe("203.0.113.9");
    expect(getClientIp(viaEntry("127.0.0.1"), trust)).toBe("127.0.0.1");
    expect(getClientIp(viaEntry("127.0.0.1", { "x-forwarded-for": "10.0.0.7, 10.0.0.8" }), trust)).toBe("10.0.0.7");
    expect(getClientIp(viaEntry("127.0.0.1", { "x-forwarded-for": "203.0.113.9, garbage" }), trust)).toBe(UNKNOWN_IP);
  });

  it("TRUST_PROXY=1 means one hop: the entry the proxy appended, never the first one", () => {
    const headers = viaEntry("192.0.2.50", { "x-forwarded-for": "1.1.1.1, 203.0.113.9" });
    expect(getClientIp(headers, env({ TRUST_PROXY: "1" }))).toBe("203.0.113.9");
    expect(getClientIp(headers, env({ TRUST_PROXY: "true" }))).toBe("203.0.113.9");
  });

  it("matches IPv6 ranges and the named ones", () => {
    const v6 = env({ TRUST_PROXY: "fd00::/8, loopback" });
    expect(getClientIp(viaEntry("::1", { "x-forwarded-for": "2001:db8:9::1, fd12::3" }), v6)).toBe("2001:db8:9:0::/64");
    expect(getClientIp(viaEntry("::ffff:127.0.0.1", { "x-forwarded-for": "203.0.113.9" }), v6)).toBe("203.0.113.9");
    expect(getClientIp(viaEntry("fe80::1", { "x-forwarded-for": "203.0.113.9" }), v6)).toBe("fe80:0:0:0::/64");
  });
});

describe("getClientIp on Vercel", () => {
  it("reads Vercel's own headers, which its edge overwrites", () => {
    expect(getClientIp(h({ "x-real-ip": "203.0.113.9", "x-forwarded-for": "1.1.1.1" }), { VERCEL: "1" })).toBe("203.0.113.9");
    expect(getClientIp(h({ "x-vercel-forwarded-for": "203.0.113.10" }), { VERCEL: "1" })).toBe("203.0.113.10");
    expect(getClientIp(h({}), { VERCEL: "1" })).toBe(UNKNOWN_IP);
  });
});

describe("parseTrustProxy", () => {
  it("reads lists, the one-hop words, and reports what it cannot read", () => {
    expect(parseTrustProxy(undefined)).toEqual({ kind: "none" });
    expect(parseTrustProxy("")).toEqual({ kind: "none" });
    expect(parseTrustProxy("0")).toEqual({ kind: "none" });
    expect(parseTrustProxy("1")).toEqual({ kind: "one-hop" });
    const parsed = parseTrustProxy("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, 10.0.0.0/40, proxy.local, 1.2.3.4:80");
    expect(parsed.kind === "ranges" && parsed.ranges.length).toBe(4);
    expect(parsed.kind === "ranges" && parsed.invalid).toEqual(["10.0.0.0/40", "proxy.local", "1.2.3.4:80"]);
  });
});

describe("isHttpsRequest", () => {
  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const https = { "x-forwarded-proto": "https" };
    expect(isHttpsRequest(viaEntry("127.0.0.1", https), env({ TRUST_PROXY: "127.0.0.1" }))).toBe(true);
    expect(isHttpsRequest(viaEntry("192.0.2.50", https), env({ TRUST_PROXY: "127.0.0.1" }))).toBe(false);
    expect(isHttpsRequest(viaEntry("127.0.0.1", https), env())).toBe(false);
    expect(isHttpsRequest(h(https), {})).toBe(false);
    expect(isHttpsRequest(h({}), { VERCEL: "1" })).toBe(true);
  });
});

describe("normaliseIp", () => {
  it("keeps IPv4, strips ports, reads IPv4-mapped IPv6 as IPv4", () => {
    expect(normaliseIp(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normaliseIp("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normaliseIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("buckets IPv6 by /64, whatever the notation", () => {
    expect(normaliseIp("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normaliseIp("[2001:0db8:0001:0002:bbbb:0:0:2]:443")).toBe("2001:db8:1:2::/64");
    expect(normaliseIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseIp("::1")).toBe("0:0:0:0::/64");
    expect(normaliseIp("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "unknown", "1.2.3", "1.2.3.4.5", "example.com", "2001:db8::1::2"]) expect(normaliseIp(bad)).toBeNull();
  });
});
