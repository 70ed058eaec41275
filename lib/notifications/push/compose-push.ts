// The words of a push notification: the mail's subject as the title, its first line as the body,
// and its button's link, from the same composition as the email (lib/notifications/email/compose.ts),
// so the channels never say different things. The tag is the outbox row's: the service worker shows
// a message it already showed (a repeat after a crash) in place of the first, not twice.
import type { NotificationData, NotificationKind } from "../kinds";
import { composeEmail } from "../email/compose";
import { siteUrl } from "../site-url";
import type { PushPayload } from "./send-push";

export async function composePush<K extends NotificationKind>(
  kind: K,
  data: NotificationData[K],
  ctx: { userId: number; username: string; now: Date; notificationId: number },
): Promise<PushPayload | { skip: string }> {
  const composed = await composeEmail(kind, data, ctx);
  if ("skip" in composed) return composed;
  const { subject, preview, button } = composed.content;
  const body = (preview ?? "").slice(0, 240);
  return { title: subject.slice(0, 120), body, url: button?.url ?? siteUrl("/account"), tag: `n${ctx.notificationId}` };
}
