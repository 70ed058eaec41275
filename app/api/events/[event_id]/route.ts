import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { getEventDetail } from "@/lib/events/get-event-detail";
import { parseId } from "@/lib/validations/events";

export const GET = apiRoute<{ event_id: string }>(async (_request, params) => {
  const id = parseId("event_id", params.event_id);
  return jsonWithCache(await getEventDetail(String(id)), "public, max-age=2, s-maxage=2");
});
