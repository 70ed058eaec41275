// GET /api/events/:event_id/stream: live seat availability as Server-Sent Events (`snapshot` first,
// then `changes`, `: ping` every 15 s). One ticker per event per instance feeds every connection:
// see lib/events/availability-stream.ts.
import { apiRoute } from "@/lib/http/api-route";
import { openAvailabilityStream } from "@/lib/events/availability-stream";
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { parseId } from "@/lib/validations/events";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { acquireStreamSlot, releasingWhenClosed } from "@/lib/http/stream-slots";

export const dynamic = "force-dynamic";
// On Vercel the function may run this long (the Hobby plan's ceiling); each stream ends by itself
// before that (SSE_STREAM_LIFETIME_MS in lib/http/event-tickers.ts) and the client reconnects.
// Written out because Next.js reads it without running the module: SSE_MAX_DURATION_SECONDS.
export const maxDuration = 300;

const headers = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform keeps compression (which buffers) off the stream; X-Accel-Buffering: nginx.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
};

export const GET = apiRoute<{ event_id: string }>(async (request, params) => {
  const eventId = parseId("event_id", params.event_id);
  // An unknown event is a 404 now; once the stream has started it can only be a closed connection.
  await getEventAvailability(eventId);
  // At most SSE_MAX_CONNECTIONS_PER_CLIENT open streams per client (429 beyond); the slot is given
  // back when the stream ends or the client goes away (lib/http/stream-slots.ts).
  const release = await acquireStreamSlot(request);
  return new Response(releasingWhenClosed(openAvailabilityStream(eventId, request.signal), request.signal, release), { headers });
});

// Without this, Next.js answers HEAD by running GET and dropping a body nobody will ever read or
// cancel, which would subscribe to the ticker for nothing.
export const HEAD = apiRoute<{ event_id: string }>(async (_request, params) => {
  await getEventAvailability(parseId("event_id", params.event_id));
  return new Response(null, { headers });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
