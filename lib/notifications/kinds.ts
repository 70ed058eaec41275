// The kinds of message OpenSeat sends, the data each one carries, and each kind's channel rules.
//
// The data of a kind is what its templates need and nothing the worker would have to look up again
// at send time (the fan's address is the exception: it is read when the message is sent, so a
// changed address gets the mail). It is checked with the kind's zod schema when written
// (enqueueNotification) and again when rendered, so a row written by an older build that no longer
// fits is marked failed with the reason rather than crashing the worker.
//
//   email_verification     { tokenId }                          link built at send time (lib/auth/auth-tokens.ts)
//   password_reset         { tokenId }                          idem
//   account_exists         { }                                  someone tried to sign up with this address
//   order_confirmation     { paymentId }                        tickets, links and the .ics read at send time
//   refund                 { paymentId, amount, currency, seats: string[], reason }
//   event_cancelled        { eventId, eventTitle, eventDate (ISO), message?, refundNote? }
//   event_changed          { eventId, eventTitle, eventDate (ISO), changes: string[] }
//   waitlist_joined        { eventId, eventTitle, partySize, position?, url }
//   waitlist_offer         { eventId, eventTitle, seats: string[], expiresAt (ISO), url }
//   waitlist_offer_lapsed  { eventId, eventTitle, url }
//   queue_your_turn        { eventId, eventTitle, admittedUntil (ISO), url }
//   hold_expiring          { eventId, eventTitle, seats: string[], expiresAt (ISO), url }
//   ticket_transferred_out { orderItemId, eventId, eventTitle, eventDate (ISO), seat, recipient (username) }
//   ticket_received        { orderItemId, eventId, eventTitle, eventDate (ISO), seat, sender (username), url }
//
// `url` values are paths ("/events/12") or absolute URLs of this site; the templates make a path
// absolute with APP_URL.
import { z } from "zod";

export const NOTIFICATION_CHANNELS = ["email", "push", "sms"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const iso = z.iso.datetime({ offset: true });
const title = z.string().min(1).max(300);
const link = z.string().min(1).max(2000).refine((s) => s.startsWith("/") || /^https?:\/\//.test(s), "a path or an http(s) URL");
const seats = z.array(z.string().min(1).max(100)).min(1).max(100);
const id = z.number().int().positive();

export const NOTIFICATION_DATA = {
  email_verification: z.object({ tokenId: id }),
  password_reset: z.object({ tokenId: id }),
  account_exists: z.object({}),
  order_confirmation: z.object({ paymentId: id }),
  refund: z.object({ paymentId: id, amount: z.string().max(30), currency: z.string().length(3), seats: z.array(z.string().max(100)).max(100), reason: z.string().max(500) }),
  event_cancelled: z.object({ eventId: id, eventTitle: title, eventDate: iso, message: z.string().max(2000).optional(), refundNote: z.string().max(500).optional() }),
  event_changed: z.object({ eventId: id, eventTitle: title, eventDate: iso, changes: z.array(z.string().min(1).max(500)).min(1).max(20) }),
  waitlist_joined: z.object({ eventId: id, eventTitle: title, partySize: z.number().int().min(1).max(100), position: z.number().int().positive().optional(), url: link }),
  waitlist_offer: z.object({ eventId: id, eventTitle: title, seats, expiresAt: iso, url: link }),
  waitlist_offer_lapsed: z.object({ eventId: id, eventTitle: title, url: link }),
  queue_your_turn: z.object({ eventId: id, eventTitle: title, admittedUntil: iso, url: link }),
  hold_expiring: z.object({ eventId: id, eventTitle: title, seats, expiresAt: iso, url: link }),
  ticket_transferred_out: z.object({ orderItemId: id, eventId: id, eventTitle: title, eventDate: iso, seat: z.string().min(1).max(100), recipient: z.string().min(1).max(100) }),
  ticket_received: z.object({ orderItemId: id, eventId: id, eventTitle: title, eventDate: iso, seat: z.string().min(1).max(100), sender: z.string().min(1).max(100), url: link }),
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_DATA;
export type NotificationData = { [K in NotificationKind]: z.infer<(typeof NOTIFICATION_DATA)[K]> };
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_DATA) as NotificationKind[];

export const isNotificationKind = (s: string): s is NotificationKind => Object.hasOwn(NOTIFICATION_DATA, s);

type KindRules = {
  /** What the fan sees on the account page. */
  label: string;
  /**
   * Sent by email whatever the fan chose, without an unsubscribe link: account security and the
   * record of money and tickets. The fan may still add other channels.
   */
  required: boolean;
  /** Channels on when the fan has not chosen (email is always on by default). */
  defaults: readonly NotificationChannel[];
};

// Push and SMS are off by default everywhere: the fan turns them on (and gives a number or allows
// push in the browser) for the kinds they care about.
export const KIND_RULES: Record<NotificationKind, KindRules> = {
  email_verification: { label: "Email address verification", required: true, defaults: ["email"] },
  password_reset: { label: "Password reset", required: true, defaults: ["email"] },
  account_exists: { label: "Sign-up attempt with your address", required: true, defaults: ["email"] },
  order_confirmation: { label: "Order confirmation and e-tickets", required: true, defaults: ["email"] },
  refund: { label: "Refunds", required: true, defaults: ["email"] },
  event_cancelled: { label: "Event cancelled", required: true, defaults: ["email"] },
  event_changed: { label: "Event changed (date, venue)", required: false, defaults: ["email"] },
  waitlist_joined: { label: "Waitlist: joined", required: false, defaults: ["email"] },
  waitlist_offer: { label: "Waitlist: seats offered to you", required: false, defaults: ["email"] },
  waitlist_offer_lapsed: { label: "Waitlist: offer lapsed", required: false, defaults: ["email"] },
  queue_your_turn: { label: "Waiting room: it's your turn", required: false, defaults: ["email"] },
  hold_expiring: { label: "Your hold is about to expire", required: false, defaults: ["email"] },
  // The record of who holds a ticket, like the order confirmation: always mailed.
  ticket_transferred_out: { label: "You sent a ticket to someone", required: true, defaults: ["email"] },
  ticket_received: { label: "Someone sent you a ticket", required: true, defaults: ["email"] },
};

/** Whether the fan may turn this channel of this kind off (and so whether its mails carry an unsubscribe link). */
export const canOptOut = (kind: NotificationKind, channel: NotificationChannel): boolean => !(KIND_RULES[kind].required && channel === "email");
