// Liveness: answers without touching PostgreSQL or Redis (also the framework floor for benchmarks).
export function GET(): Response {
  return Response.json({ status: "ok" });
}
