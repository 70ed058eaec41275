// GET /api/openapi.json describes every route of app/api with every method it serves (walked from
// the files, like methods.test.ts), and nothing that does not exist; bodies come from the zod schemas.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { NOT_ALLOWED } from "@/lib/http/method-not-allowed";

const ROOT = path.resolve(import.meta.dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** "events/[event_id]/seats" -> "/api/events/{event_id}/seats"; Auth.js' catch-all becomes {nextauth}. */
const toOpenApiPath = (dir: string) => `/api/${dir}`.replace(/\[\.\.\.([a-z_]+)\]/g, "{$1}").replace(/\[([a-z_]+)\]/g, "{$1}").replace(/\/$/, "");

type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, unknown> }>> };

async function document(): Promise<Doc> {
  const res = await GET(new Request("http://localhost/api/openapi.json"), { params: Promise.resolve({}) } as never);
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe("GET /api/openapi.json", () => {
  it("describes every route file and every method it serves, and no other", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    const served: string[] = [];
    // The catch-all only answers 404 for unknown /api paths.
    for (const file of routeFiles(ROOT).filter((f) => !f.includes("[...path]"))) {
      const dir = path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as Record<symbol, unknown> | undefined;
        if (typeof handler === "function" && !handler[NOT_ALLOWED]) served.push(`${method} ${toOpenApiPath(dir)}`);
      }
    }
    const described = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(described.sort()).toEqual(served.sort());
  });

  it("takes request bodies from the zod schemas the routes parse with", async () => {
    const doc = await document();
    const create = doc.paths["/api/admin/events"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(create.properties ?? {})).toEqual(expect.arrayContaining(["title", "venue_id", "starts_at", "price_classes", "service_fee"]));
    const reserve = doc.paths["/api/events/ticket/reserve"]!.post!.requestBody!.content["application/json"]!.schema;
    // Seats by ticket id, or general-admission places by quantity.
    const forms = (reserve as { anyOf?: { properties?: Record<string, unknown> }[] }).anyOf ?? [];
    expect(forms.map((f) => Object.keys(f.properties ?? {}))).toEqual([["ticket_ids"], ["event_id", "section_id", "quantity"]]);
    expect(doc.paths["/api/events/{event_id}"]!.get!.responses["4XX"]).toBeDefined();
  });
});
