// "When the pre-queue opens" (an event setting): before it, joining the waiting room is refused
// with a 409 that says when it opens. Read from the settings hash the queue already caches in Redis
// (lib/queue/queue-settings.ts), so a join costs one more Redis read and no PostgreSQL; a hash that
// is missing, or written before this setting existed, is reloaded once.
import { AppError } from "@/lib/errors/app-error";
import { getRedis } from "@/lib/redis";
import { queueKeys } from "./queue-keys";
import { refreshQueueSettings } from "./queue-settings";

/** Throws not_on_sale (409) while the event's pre-queue is not open yet at `now` (epoch ms). */
export async function assertPrequeueOpen(eventId: number, now: number): Promise<void> {
  const cached = await getRedis().hgetall(queueKeys(eventId).settings);
  let opensAt: number | null;
  if (cached.exists === "1" && cached.prequeue_opens !== undefined) {
    opensAt = cached.prequeue_opens ? Number(cached.prequeue_opens) : null;
  } else if (cached.exists === "0") {
    return; // unknown event: the queue script answers 404
  } else {
    const settings = await refreshQueueSettings(eventId, now);
    opensAt = settings?.prequeueOpensAt?.getTime() ?? null;
  }
  if (opensAt !== null && now < opensAt) {
    // The fan's waiting-room page reads `opens_at` and shows it in the fan's zone; the message is for scripts.
    const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(opensAt));
    throw new AppError("not_on_sale", `The waiting room for this event opens on ${when} UTC. Come back then to join the line.`, { opens_at: new Date(opensAt).toISOString() });
  }
}
