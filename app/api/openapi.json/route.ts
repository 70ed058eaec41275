// GET /api/openapi.json: the OpenAPI 3.1 description of the whole API (lib/openapi/openapi-document.ts).
import { apiRoute } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { openApiDocument } from "@/lib/openapi/openapi-document";

export const GET = apiRoute(async () => Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }));

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
