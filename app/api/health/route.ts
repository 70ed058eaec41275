// Liveness: answers without touching PostgreSQL or Redis (also the framework floor for benchmarks).
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
export function GET(): Response {
  return Response.json({ status: "ok" });
}

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
