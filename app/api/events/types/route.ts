import { apiRoute, jsonWithCache } from "@/lib/http/api-route";
import { listEventTypes } from "@/lib/events/list-event-types";

export const GET = apiRoute(async () => {
  return jsonWithCache({ event_types: await listEventTypes() }, "public, max-age=60, s-maxage=300");
});
