// What each kind of mail says: its content (for message-email.tsx) and attachments, from the
// outbox row's data and, for the few kinds that need them, a read of current rows (the order's
// tickets; a token's text). Answers `{ skip }` when the message should not go out any more (a
// verification link already used, an order that no longer exists): the worker marks it suppressed.
import { authTokenText } from "@/lib/auth/auth-tokens";
import { getDb } from "@/lib/db";
import { eventCalendar } from "@/lib/tickets/event-calendar";
import { canOptOut, KIND_RULES, type NotificationData, type NotificationKind } from "../kinds";
import { siteUrl } from "../site-url";
import { signUnsubscribeToken } from "../unsubscribe-token";
import type { MailContent } from "./message-email";

export type Composed = { content: MailContent; attachments: { filename: string; content: string; contentType: string }[] } | { skip: string };

const when = (iso: string | Date) =>
  new Date(iso).toLocaleString("en-US", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" }) + " UTC";

const footerFor = (kind: NotificationKind) =>
  KIND_RULES[kind].required
    ? "You receive this mail because of your OpenSeat account; it cannot be turned off."
    : "You receive this mail because of your OpenSeat notification settings (Account, Notifications).";

type Ctx = { userId: number; username: string; now: Date };

export async function composeEmail<K extends NotificationKind>(kind: K, data: NotificationData[K], ctx: Ctx): Promise<Composed> {
  const unsubscribeUrl = canOptOut(kind, "email") ? unsubscribeLink(ctx.userId, kind) : undefined;
  const base = { footer: footerFor(kind), unsubscribeUrl };
  const plain = (content: Omit<MailContent, "footer" | "unsubscribeUrl">): Composed => ({ content: { ...content, ...base }, attachments: [] });
  switch (kind) {
    case "email_verification": {
      const d = data as NotificationData["email_verification"];
      const token = await authTokenText(d.tokenId, "email_verification", ctx.now);
      if (!token) return { skip: "the verification link was used, replaced or has expired" };
      const url = siteUrl(`/verify-email?token=${encodeURIComponent(token)}`);
      return plain({
        subject: "Confirm your email address",
        preview: "One click to confirm the address of your OpenSeat account.",
        heading: `Welcome, ${ctx.username}`,
        paragraphs: ["Please confirm that this address is yours. The link works once, for 48 hours.", "If you did not create an OpenSeat account, ignore this mail."],
        button: { label: "Confirm my address", url },
      });
    }
    case "password_reset": {
      const d = data as NotificationData["password_reset"];
      const token = await authTokenText(d.tokenId, "password_reset", ctx.now);
      if (!token) return { skip: "the reset link was used, replaced or has expired" };
      const url = siteUrl(`/reset-password?token=${encodeURIComponent(token)}`);
      return plain({
        subject: "Reset your OpenSeat password",
        preview: "A link to choose a new password, valid for one hour.",
        heading: "Reset your password",
        paragraphs: [
          "Someone (we hope you) asked to reset the password of your OpenSeat account. The link works once, for one hour, and signs you out everywhere else.",
          "If it was not you, ignore this mail: your password stays as it is.",
        ],
        button: { label: "Choose a new password", url },
      });
    }
    case "account_exists":
      return plain({
        subject: "Someone tried to sign up with your address",
        preview: "You already have an OpenSeat account.",
        heading: "You already have an account",
        paragraphs: [
          `Someone tried to create an OpenSeat account with this address, which already belongs to your account (${ctx.username}).`,
          "If it was you, sign in instead, or reset your password if you forgot it. If not, nothing happened and you can ignore this mail.",
        ],
        button: { label: "Reset my password", url: siteUrl("/forgot-password") },
      });
    case "order_confirmation":
      return composeOrder((data as NotificationData["order_confirmation"]).paymentId, ctx, base);
    case "refund": {
      const d = data as NotificationData["refund"];
      return plain({
        subject: `Refund of ${d.amount} ${d.currency}`,
        preview: `We refunded ${d.amount} ${d.currency} to your card.`,
        heading: "Your refund is on its way",
        paragraphs: [`We refunded ${d.amount} ${d.currency} to the card you paid with. Banks take a few days to show it.`, d.reason],
        details: d.seats.length ? [{ label: "Seats", value: d.seats.join(", ") }] : [],
        button: { label: "My tickets", url: siteUrl("/account/tickets") },
      });
    }
    case "event_cancelled": {
      const d = data as NotificationData["event_cancelled"];
      return plain({
        subject: `Cancelled: ${d.eventTitle}`,
        preview: `${d.eventTitle} on ${when(d.eventDate)} is cancelled.`,
        heading: `${d.eventTitle} is cancelled`,
        paragraphs: [`We are sorry: the event on ${when(d.eventDate)} will not take place.`, ...(d.message ? [d.message] : []), d.refundNote ?? "Your tickets are refunded in full to the card you paid with."],
        button: { label: "My tickets", url: siteUrl("/account/tickets") },
      });
    }
    case "event_changed": {
      const d = data as NotificationData["event_changed"];
      return plain({
        subject: `Changed: ${d.eventTitle}`,
        preview: d.changes[0] ?? "",
        heading: `${d.eventTitle} has changed`,
        paragraphs: ["The organizer changed the event you have tickets for:", ...d.changes],
        details: [{ label: "Now", value: when(d.eventDate) }],
        button: { label: "See the event", url: siteUrl(`/events/${d.eventId}`) },
      });
    }
    case "waitlist_joined": {
      const d = data as NotificationData["waitlist_joined"];
      return plain({
        subject: `You are on the waitlist for ${d.eventTitle}`,
        preview: "We will tell you as soon as seats come back.",
        heading: "You are on the waitlist",
        paragraphs: [`We will offer you ${d.partySize} seat(s) for ${d.eventTitle} as soon as they come back, and tell you at once.`],
        details: d.position ? [{ label: "Your place", value: String(d.position) }] : [],
        button: { label: "See my place", url: siteUrl(d.url) },
      });
    }
    case "waitlist_offer": {
      const d = data as NotificationData["waitlist_offer"];
      return plain({
        subject: `Seats for ${d.eventTitle} are yours until ${when(d.expiresAt)}`,
        preview: `${d.seats.length} seat(s) held in your name. Buy before ${when(d.expiresAt)}.`,
        heading: "Seats came back, and they are yours",
        paragraphs: ["We hold these seats in your name. Buy them before the offer ends; after that they go to the next fan on the list."],
        details: [
          { label: "Seats", value: d.seats.join(", ") },
          { label: "Offer ends", value: when(d.expiresAt) },
        ],
        button: { label: "Buy my seats", url: siteUrl(d.url) },
      });
    }
    case "waitlist_offer_lapsed": {
      const d = data as NotificationData["waitlist_offer_lapsed"];
      return plain({
        subject: `Your offer for ${d.eventTitle} has lapsed`,
        preview: "The seats went to the next fan on the list.",
        heading: "Your offer has lapsed",
        paragraphs: ["The seats we held for you went to the next fan on the waitlist. You can join the list again from the event page."],
        button: { label: "See the event", url: siteUrl(d.url) },
      });
    }
    case "queue_your_turn": {
      const d = data as NotificationData["queue_your_turn"];
      return plain({
        subject: `It's your turn: ${d.eventTitle}`,
        preview: `Pick your seats before ${when(d.admittedUntil)}.`,
        heading: "It's your turn",
        paragraphs: [`You are through the waiting room for ${d.eventTitle}. Pick your seats before ${when(d.admittedUntil)}.`],
        button: { label: "Pick my seats", url: siteUrl(d.url) },
      });
    }
    case "hold_expiring": {
      const d = data as NotificationData["hold_expiring"];
      return plain({
        subject: `Your seats for ${d.eventTitle} are held until ${when(d.expiresAt)}`,
        preview: "Check out now to keep them.",
        heading: "Your hold is about to end",
        paragraphs: ["Finish your purchase to keep these seats."],
        details: [
          { label: "Seats", value: d.seats.join(", ") },
          { label: "Held until", value: when(d.expiresAt) },
        ],
        button: { label: "Check out", url: siteUrl(d.url) },
      });
    }
    case "ticket_transferred_out": {
      const d = data as NotificationData["ticket_transferred_out"];
      return plain({
        subject: `You sent your ticket for ${d.eventTitle} to ${d.recipient}`,
        preview: `${d.seat} now belongs to ${d.recipient}.`,
        heading: "Your ticket was transferred",
        paragraphs: [
          `The ticket below now belongs to ${d.recipient}, who got a new QR code. The code you had no longer admits anyone. If you did not do this, change your password and contact us.`,
        ],
        details: [
          { label: "Event", value: d.eventTitle },
          { label: "When", value: when(d.eventDate) },
          { label: "Seat", value: d.seat },
        ],
        button: { label: "My tickets", url: siteUrl("/account/tickets") },
      });
    }
    case "ticket_received": {
      const d = data as NotificationData["ticket_received"];
      return plain({
        subject: `${d.sender} sent you a ticket for ${d.eventTitle}`,
        preview: `${d.seat}, ${when(d.eventDate)}.`,
        heading: "You have a ticket",
        paragraphs: [`${d.sender} sent you this ticket. Its QR code is on your e-ticket page: show it at the door (on your phone or printed).`],
        details: [
          { label: "Event", value: d.eventTitle },
          { label: "When", value: when(d.eventDate) },
          { label: "Seat", value: d.seat },
        ],
        button: { label: "Open my e-ticket", url: siteUrl(d.url) },
      });
    }
  }
  return { skip: `no email template for ${kind}` };
}

/** The unsubscribe page's link (shown in the mail; a GET never unsubscribes, link scanners follow them). */
export function unsubscribeLink(userId: number, kind: NotificationKind): string {
  return siteUrl(`/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken({ userId, kind, channel: "email" }))}`);
}

/** The RFC 8058 one-click target (List-Unsubscribe header): a POST there unsubscribes. */
export function oneClickUnsubscribeLink(userId: number, kind: NotificationKind): string {
  return siteUrl(`/api/notifications/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken({ userId, kind, channel: "email" }))}`);
}

async function composeOrder(paymentId: number, ctx: Ctx, base: Pick<MailContent, "footer" | "unsubscribeUrl">): Promise<Composed> {
  const payment = await getDb().payment.findUnique({
    where: { id: paymentId },
    select: {
      userId: true,
      price: true,
      currency: true,
      items: { where: { status: "issued" }, orderBy: { id: "asc" }, select: { id: true, seat: true, className: true, event: { select: { id: true, title: true, datetime: true, venue: { select: { name: true, address: true, location: true } } } } } },
    },
  });
  if (!payment || payment.userId !== ctx.userId) return { skip: "the order no longer exists" };
  const first = payment.items[0];
  if (!first) return { skip: "no ticket of this order is valid any more" };
  const event = first.event;
  const venue = `${event.venue.name}, ${event.venue.address}, ${event.venue.location}`;
  const calendar = eventCalendar({ uid: `openseat-event-${event.id}-payment-${paymentId}`, event, seats: payment.items.map((i) => i.seat), stamp: ctx.now });
  return {
    content: {
      ...base,
      subject: `Your tickets for ${event.title}`,
      preview: `${payment.items.length} ticket(s), ${when(event.datetime)}.`,
      heading: "Your tickets are confirmed",
      paragraphs: [`Thank you, ${ctx.username}. Show the QR code of each e-ticket at the door (on your phone or printed). The calendar file attached adds the event to your calendar.`],
      details: [
        { label: "Event", value: event.title },
        { label: "When", value: when(event.datetime) },
        { label: "Where", value: venue },
        { label: "Paid", value: `${payment.price.toFixed(2)} ${payment.currency}` },
        { label: "Order", value: `#${paymentId}` },
      ],
      links: payment.items.map((i) => ({ label: `E-ticket: ${i.seat} (${i.className})`, url: siteUrl(`/account/tickets/${i.id}`) })),
      button: { label: "Open my e-tickets", url: siteUrl("/account/tickets") },
    },
    attachments: [{ filename: "event.ics", content: calendar, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
  };
}
