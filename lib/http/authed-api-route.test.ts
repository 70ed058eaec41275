// authedApiRoute: 401 without a caller, 403 for a role not listed, the caller handed to the handler,
// and cookie-authenticated writes refused when they come from another site.
import { beforeEach, describe, expect, it } from "vitest";
import { issueAccessToken } from "@/lib/auth/access-token";
import { truncateAll } from "@/test/support/database";
import { createTestUser, sessionCookieFor } from "@/test/support/auth";
import { authedApiRoute } from "./authed-api-route";

const ctx = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };
const echo = authedApiRoute(async (_request, _params, caller) => Response.json({ caller }));
const adminOnly = authedApiRoute(async () => Response.json({ ok: true }), { roles: ["admin"] });

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/thing", { method, headers: { host: "localhost:3000", ...headers } });

beforeEach(async () => {
  await truncateAll();
});

describe("authedApiRoute", () => {
  it("hands the caller to the handler, and answers 401 without one", async () => {
    const user = await createTestUser();
    const res = await echo(req("GET", { cookie: await sessionCookieFor(user) }), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ caller: { userId: user.id, role: "buyer", email: user.email, username: user.username } });
    const anonymous = await echo(req("GET", {}), ctx);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="openseat"');
  });

  it("checks roles", async () => {
    const buyer = await createTestUser();
    const admin = await createTestUser({ role: "admin" });
    expect((await adminOnly(req("GET", { cookie: await sessionCookieFor(buyer) }), ctx)).status).toBe(403);
    expect((await adminOnly(req("GET", { cookie: await sessionCookieFor(admin) }), ctx)).status).toBe(200);
  });

  it("refuses cookie-authenticated writes from another site, not from this one or with a token", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user);
    const bearer = `Bearer ${(await issueAccessToken(user)).access_token}`;
    expect((await echo(req("POST", { cookie, "sec-fetch-site": "same-origin" }), ctx)).status).toBe(200);
    expect((await echo(req("POST", { cookie, origin: "http://localhost:3000" }), ctx)).status).toBe(200);
    expect((await echo(req("POST", { cookie }), ctx)).status).toBe(200); // not a browser
    expect((await echo(req("POST", { cookie, "sec-fetch-site": "cross-site" }), ctx)).status).toBe(403);
    expect((await echo(req("POST", { cookie, "sec-fetch-site": "same-site" }), ctx)).status).toBe(403);
    expect((await echo(req("DELETE", { cookie, origin: "https://evil.example" }), ctx)).status).toBe(403);
    expect((await echo(req("GET", { cookie, "sec-fetch-site": "cross-site" }), ctx)).status).toBe(200);
    expect((await echo(req("POST", { authorization: bearer, "sec-fetch-site": "cross-site" }), ctx)).status).toBe(200);
  });

  it("guards the cookie whatever other Authorization header comes with it (Basic, an unknown scheme)", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user);
    for (const authorization of ["Basic dXNlcjpwYXNz", "Token abc", "bearerish x"]) {
      const crossSite = await echo(req("POST", { cookie, authorization, "sec-fetch-site": "cross-site" }), ctx);
      expect(crossSite.status, authorization).toBe(403);
      const foreignOrigin = await echo(req("POST", { cookie, authorization, origin: "https://evil.example" }), ctx);
      expect(foreignOrigin.status, authorization).toBe(403);
      // The same request from this site is the cookie's caller, as before.
      const sameOrigin = await echo(req("POST", { cookie, authorization, "sec-fetch-site": "same-origin" }), ctx);
      expect(sameOrigin.status, authorization).toBe(200);
    }
  });
});
