// Stores a browser's push subscription for the signed-in fan (the account page's or the waiting
// room's "notify me" button). One row per endpoint: the same browser subscribing again updates its
// keys, and a browser another account subscribed before moves to this one (it is whoever signed in
// last who gets its notifications). A fan keeps at most MAX_PER_USER browsers; the oldest go first.
import { setting } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { isKnownPushService } from "./push-service-host";
import { pushConfigured } from "./vapid";

const MAX_PER_USER = 10;

export async function savePushSubscription(
  userId: number,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; userAgent?: string | null },
): Promise<{ subscriptions: number }> {
  if (!pushConfigured()) throw new AppError("validation_error", "Push notifications are not available on this site", { field: "endpoint" });
  if (new URL(input.endpoint).protocol !== "https:" && !setting("WEB_PUSH_ALLOW_HTTP_ENDPOINTS")) {
    throw new AppError("validation_error", "endpoint must be an https URL", { field: "endpoint" });
  }
  if (!isKnownPushService(input.endpoint)) {
    throw new AppError("validation_error", "endpoint must be an address of a browser push service", { field: "endpoint" });
  }
  const userAgent = input.userAgent?.slice(0, 300) ?? null;
  const db = getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO push_subscription (user_id, endpoint, p256dh, auth, user_agent)
      VALUES (${userId}, ${input.endpoint}, ${input.keys.p256dh}, ${input.keys.auth}, ${userAgent})
      ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
        user_agent = EXCLUDED.user_agent, create_datetime = now()`;
    await tx.$executeRaw`
      DELETE FROM push_subscription WHERE user_id = ${userId} AND push_subscription_id NOT IN (
        SELECT push_subscription_id FROM push_subscription WHERE user_id = ${userId} ORDER BY create_datetime DESC, push_subscription_id DESC LIMIT ${MAX_PER_USER})`;
    return { subscriptions: await tx.pushSubscription.count({ where: { userId } }) };
  });
}
