// Readiness for load balancers: 200 when PostgreSQL and Redis answer in time, else 503 with
// Retry-After naming the failed check (also 503 while the server entry shuts down). Liveness is
// GET /api/health, which touches neither.
import { checkReadiness } from "@/lib/health/check-readiness";
import { apiRoute } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const readiness = await checkReadiness();
  return Response.json(readiness, { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
