// proxy.ts and its helpers, called directly: the 403 for cross-origin server actions, the CSP with a
// fresh nonce handed to Next in the request headers, HSTS only over HTTPS from a trusted proxy.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { fromAddress } from "@/test/support/client-address";
import { contentSecurityPolicy, isCrossOriginServerAction } from "./security-headers";

const page = (headers: Record<string, string> = {}, method = "GET") => new NextRequest("http://localhost:3000/events/1", { method, headers: { host: "localhost:3000", ...headers } });
const savedTrust = process.env.TRUST_PROXY;
afterEach(() => {
  if (savedTrust === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrust;
});

describe("cross-origin server actions", () => {
  it("answers 403 JSON for a foreign or opaque Origin, and lets same-origin and non-browser calls through", async () => {
    for (const origin of ["https://evil.example", "http://localhost:3001", "null"]) {
      const res = proxy(page({ "next-action": "abc123", origin }, "POST"));
      expect(res.status, origin).toBe(403);
      expect(await res.json()).toEqual({ error: { code: "forbidden", message: "Cross-origin requests cannot call server actions" } });
    }
    expect(isCrossOriginServerAction(page({ "next-action": "abc123", origin: "http://localhost:3000" }, "POST"))).toBe(false);
    expect(isCrossOriginServerAction(page({ "next-action": "abc123", origin: "https://shop.example", "x-forwarded-host": "shop.example" }, "POST"))).toBe(false);
    expect(isCrossOriginServerAction(page({ "next-action": "abc123" }, "POST"))).toBe(false);
    expect(isCrossOriginServerAction(page({ origin: "https://evil.example" }, "POST"))).toBe(false); // not an action
  });
});

describe("page headers", () => {
  it("sets a CSP with a fresh nonce on the response and in the request headers Next reads", () => {
    const a = proxy(page());
    const b = proxy(page());
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS only when a trusted proxy says the request came over HTTPS", () => {
    process.env.TRUST_PROXY = "127.0.0.1";
    expect(proxy(page({ ...fromAddress("127.0.0.1"), "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect(proxy(page({ ...fromAddress("192.0.2.9"), "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
    expect(proxy(page({ "x-forwarded-proto": "https" })).headers.get("strict-transport-security")).toBeNull();
  });

  it("keeps 'unsafe-eval' for next dev only, and the matcher off the API and static files", () => {
    expect(contentSecurityPolicy("n")).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { dev: true })).toContain("'unsafe-eval'");
    const source = new RegExp(`^${config.matcher[0]!.source}$`);
    for (const pathname of ["/", "/events/12", "/checkout/5", "/signin"]) expect(source.test(pathname), pathname).toBe(true);
    for (const pathname of ["/api/events", "/api/events/1/stream", "/_next/static/chunks/a.js", "/_next/image", "/icon.svg", "/images/x.png"]) {
      expect(source.test(pathname), pathname).toBe(false);
    }
  });
});
