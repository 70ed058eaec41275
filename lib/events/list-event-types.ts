import { getDb } from "@/lib/db";
import type { EventTypeInfo } from "@/lib/events/types";

export async function listEventTypes(): Promise<EventTypeInfo[]> {
  const types = await getDb().eventType.findMany({ orderBy: { type: "asc" }, select: { type: true, description: true } });
  return types;
}
