import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { getEventSeatLayout } from "@/lib/events/get-event-seat-layout";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ event_id: string }>(async (_request, params) => {
  const layout = await getEventSeatLayout(parseId("event_id", params.event_id));
  return jsonWithCache(layout, "public, max-age=30, s-maxage=60");
});
