import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ event_id: string }>(async (_request, params) => {
  const availability = await getEventAvailability(parseId("event_id", params.event_id));
  return jsonWithCache(availability, "public, max-age=1, s-maxage=1");
});
