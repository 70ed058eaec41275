// The text of an SMS: the mail's subject and its one link, from the same composition as the email
// (lib/notifications/email/compose.ts), so the two never say different things. At most 600
// characters (four SMS segments).
import type { NotificationData, NotificationKind } from "../kinds";
import { composeEmail } from "../email/compose";

export async function composeSms<K extends NotificationKind>(kind: K, data: NotificationData[K], ctx: { userId: number; username: string; now: Date }): Promise<{ body: string } | { skip: string }> {
  const composed = await composeEmail(kind, data, ctx);
  if ("skip" in composed) return composed;
  const { subject, button } = composed.content;
  const body = `OpenSeat: ${subject}${button ? ` ${button.url}` : ""}`;
  return { body: body.length > 600 ? `${body.slice(0, 597)}...` : body };
}
