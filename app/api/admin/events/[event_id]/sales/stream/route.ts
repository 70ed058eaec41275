// GET /api/admin/events/:event_id/sales/stream: the event's live sales figures as Server-Sent Events
// (`sales` whenever they change, checked about once a second; a `ping` event every 15 s; a `retry:` hint),
// for the organizers of its venue and admins. One ticker per event per instance feeds every viewer
// from the 1 s shared cache (lib/admin/sales-stream.ts), so viewers cost PostgreSQL nothing beyond
// the access check when they connect.
import { getEventSales } from "@/lib/admin/sales";
import { openSalesStream } from "@/lib/admin/sales-stream";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { acquireStreamSlot, releasingWhenClosed } from "@/lib/http/stream-slots";
import { parseId } from "@/lib/validations/events";

export const dynamic = "force-dynamic";
// On Vercel the function may run this long (the Hobby plan's ceiling); each stream ends by itself
// before that (SSE_STREAM_LIFETIME_MS in lib/http/event-tickers.ts) and the client reconnects.
// Written out because Next.js reads it without running the module: SSE_MAX_DURATION_SECONDS.
export const maxDuration = 300;

const headers = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform keeps compression (which buffers) off the stream; X-Accel-Buffering: nginx.
  "Cache-Control": "private, no-cache, no-transform",
  "X-Accel-Buffering": "no",
};

export const GET = authedApiRoute<{ event_id: string }>(
  async (request, params, caller) => {
    const eventId = parseId("event_id", params.event_id);
    // The access check (403/404) before the stream starts: afterwards it could only be a closed connection.
    await getEventSales(caller, eventId);
    const release = await acquireStreamSlot(request);
    return new Response(releasingWhenClosed(openSalesStream(eventId, request.signal), request.signal, release), { headers });
  },
  { roles: ["admin", "venue_admin"] },
);

// Without this, Next.js answers HEAD by running GET and leaves a subscribed body nobody reads.
export const HEAD = authedApiRoute<{ event_id: string }>(
  async (_request, params, caller) => {
    await getEventSales(caller, parseId("event_id", params.event_id));
    return new Response(null, { headers });
  },
  { roles: ["admin", "venue_admin"] },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
