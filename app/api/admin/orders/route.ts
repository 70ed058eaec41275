// GET /api/admin/orders?q=&event_id=&status=&sort=&page=&size=: search the orders of the caller's
// venues (admins: all) by order number, email, name, Stripe id or seat (lib/admin/orders.ts).
import { searchOrders } from "@/lib/admin/orders";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { parseOrderSearch } from "@/lib/validations/admin-orders";

export const GET = authedApiRoute(
  async (request, _params, caller) => {
    const query = parseOrderSearch(new URL(request.url).searchParams);
    const page = await searchOrders(caller, { q: query.q, eventId: query.event_id, status: query.status, sort: query.sort, page: query.page, size: query.size });
    return Response.json(page, { headers: { "Cache-Control": "private, no-store" } });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
