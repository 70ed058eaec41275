// An event's waiting-room settings (on/off, rate, window, on-sale, title, sale end), cached in Redis
// as a small hash beside the queue's keys so that the queue endpoints keep answering from Redis
// while PostgreSQL is briefly away. The hash is fresh for a minute and kept for an hour: the queue
// script hands a stale entry to one caller at a time (a 10 s lease), which reloads it; if
// PostgreSQL cannot be reached, the stale values go on serving. Unknown events are cached too, so
// public endpoints probed with random ids do not reach PostgreSQL on every request.
import { getDb } from "@/lib/db";
import { defineScript, getRedis } from "@/lib/redis";
import { queueKeys } from "./queue-keys";

export const SETTINGS_FRESH_MS = 60_000;
const SETTINGS_KEEP_MS = 60 * 60_000;
const MISSING_KEEP_MS = 60_000;

/** KEYS[1] settings hash. ARGV: TTL (ms), then field/value pairs. Replaces the hash. */
const putSettings = defineScript<number>({
  name: "queue-settings-put",
  numberOfKeys: 1,
  lua: `
redis.call('DEL', KEYS[1])
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`,
});

export type QueueSettings = {
  eventId: number;
  title: string;
  enabled: boolean;
  ratePerMinute: number;
  windowSeconds: number;
  onsaleAt: Date | null;
  /** When joining opens (the pre-queue); null: as soon as the event is public. */
  prequeueOpensAt: Date | null;
  /** Sales end (offsale, else the show's start); the queue's keys expire a day later. */
  endsAt: Date;
  status: string;
};

/** Reads the settings from PostgreSQL; null for an unknown event. */
export async function loadQueueSettings(eventId: number): Promise<QueueSettings | null> {
  const event = await getDb().event.findUnique({
    where: { id: eventId },
    select: { publishedAt: true, title: true, status: true, datetime: true, onsaleAt: true, offsaleAt: true, queueEnabled: true, queueAdmissionPerMinute: true, queueWindowSeconds: true, queuePrequeueOpensAt: true },
  });
  if (!event || event.publishedAt === null) return null; // a draft has no waiting room yet
  return {
    eventId,
    title: event.title,
    enabled: event.queueEnabled,
    ratePerMinute: Math.max(0, event.queueAdmissionPerMinute),
    windowSeconds: Math.max(1, event.queueWindowSeconds),
    onsaleAt: event.onsaleAt,
    prequeueOpensAt: event.queuePrequeueOpensAt,
    endsAt: event.offsaleAt ?? event.datetime,
    status: event.status,
  };
}

/** The hash fields the queue script reads (all strings; times in epoch ms). */
function toFields(settings: QueueSettings | null, now: number): string[] {
  if (!settings) return ["exists", "0", "fresh_until", String(now + SETTINGS_FRESH_MS)];
  return [
    "exists", "1",
    "enabled", settings.enabled ? "1" : "0",
    "rate", String(settings.ratePerMinute),
    "window", String(settings.windowSeconds),
    "onsale", settings.onsaleAt ? String(settings.onsaleAt.getTime()) : "",
    "prequeue_opens", settings.prequeueOpensAt ? String(settings.prequeueOpensAt.getTime()) : "",
    "ends", String(settings.endsAt.getTime()),
    "status", settings.status,
    "title", settings.title,
    "fresh_until", String(now + SETTINGS_FRESH_MS),
  ];
}

const inFlight = new Map<number, Promise<QueueSettings | null>>();

/**
 * Loads the settings from PostgreSQL and writes the cache entry. Concurrent calls for one event in
 * this process share one read. Throws when PostgreSQL (or Redis) fails.
 */
export function refreshQueueSettings(eventId: number, now: number = Date.now()): Promise<QueueSettings | null> {
  const running = inFlight.get(eventId);
  if (running) return running;
  const promise = (async () => {
    const settings = await loadQueueSettings(eventId);
    await getRedis().runScript(putSettings, [queueKeys(eventId).settings], [settings ? SETTINGS_KEEP_MS : MISSING_KEEP_MS, ...toFields(settings, now)]);
    return settings;
  })().finally(() => inFlight.delete(eventId));
  inFlight.set(eventId, promise);
  return promise;
}

/** Drops the cached settings (after an admin changes them), so the next queue call reloads them. */
export async function invalidateQueueSettings(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  await Promise.all(eventIds.map((id) => redis.del(queueKeys(id).settings).catch(() => 0)));
}
