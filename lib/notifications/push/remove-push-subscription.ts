// Forgets one of the caller's browsers (the account page's "turn off push on this browser", or the
// service worker noticing its subscription changed). Only the caller's own row: an endpoint of
// another account is left alone and the answer is the same, so it tells nothing about it.
import { getDb } from "@/lib/db";

export async function removePushSubscription(userId: number, endpoint: string): Promise<{ subscriptions: number }> {
  const db = getDb();
  await db.pushSubscription.deleteMany({ where: { userId, endpoint } });
  return { subscriptions: await db.pushSubscription.count({ where: { userId } }) };
}
