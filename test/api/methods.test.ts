// Every API route answers a method it does not serve with the JSON error (405 method_not_allowed)
// and an Allow header, never Next.js' bare 405. Walks every route.ts under app/api, so a new route
// that forgets `methodNotAllowed` fails here.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NOT_ALLOWED } from "@/lib/http/method-not-allowed";

const ROOT = path.resolve(import.meta.dirname, "../../app/api");
const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

// The catch-all answers 404 JSON for every method: there is no route there to allow anything.
const files = routeFiles(ROOT).filter((f) => !f.includes("[...path]"));

describe.each(files.map((f) => [path.relative(ROOT, path.dirname(f)) || "."] as const))("/api/%s", (route) => {
  it("exports every method; those it does not serve answer 405 JSON with Allow, OPTIONS 204 with Allow", async () => {
    const mod = (await import(path.join(ROOT, route, "route.ts"))) as Record<string, Handler | undefined>;
    const isStub = (h: Handler | undefined) => Boolean(h && (h as unknown as Record<symbol, unknown>)[NOT_ALLOWED]);
    const served = ORDER.filter((m) => typeof mod[m] === "function" && !isStub(mod[m]));
    expect(served.length, "a route serves at least one method").toBeGreaterThan(0);
    const allowed = new Set<string>([...served, "OPTIONS"]);
    if (served.includes("GET")) allowed.add("HEAD");
    const allow = ORDER.filter((m) => allowed.has(m)).join(", ");

    for (const method of ORDER) {
      // Next.js serves HEAD from GET by itself.
      if (method === "HEAD" && served.includes("GET") && !mod.HEAD) continue;
      const handler = mod[method];
      expect(handler, `${method} must be exported, or Next.js answers a bare 405`).toBeTypeOf("function");
      if (!isStub(handler)) continue;
      const res = await handler!(new Request(`http://localhost/api/${route}`, { method }), { params: Promise.resolve({}) });
      expect(res.headers.get("allow"), method).toBe(allow);
      if (method === "OPTIONS") {
        expect(res.status).toBe(204);
        continue;
      }
      expect(res.status, method).toBe(405);
      if (method === "HEAD") continue;
      expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed", message: expect.stringContaining(method) } });
    }
  });
});
