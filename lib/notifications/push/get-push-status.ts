// What a browser needs to subscribe: whether push works on this deployment, the server's VAPID public
// key (the applicationServerKey of PushManager.subscribe), and how many browsers the fan subscribed.
import { getDb } from "@/lib/db";
import { vapidKeys } from "./vapid";

export async function getPushStatus(userId: number): Promise<{ available: boolean; publicKey: string | null; subscriptions: number }> {
  const keys = vapidKeys();
  const subscriptions = await getDb().pushSubscription.count({ where: { userId } });
  return { available: keys !== null, publicKey: keys?.publicKey ?? null, subscriptions };
}
