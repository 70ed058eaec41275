// The on-sale lab's waitlist phase: sold out, then holds lapse. Runs after the main sale against the
// same app server, PostgreSQL, Redis and Stripe emulator:
//
//   1. A second event, sold out by holds: every seat held in pairs by "holder" fans, each hold
//      ending at a random moment of the next `lapseSeconds` (a share released early by the holder
//      instead, through the app's cancel route), as at the end of a hot sale when fans in checkout
//      give up. The offer window is `offerSeconds`.
//   2. Waitlist fans join over HTTP (POST /api/events/:id/waitlist) while it is sold out, with mixed
//      party sizes (1-4), together or not.
//   3. As holds lapse or are released, the offer engine (the app's sweeper every 5 s, this process's
//      sweeper every second as a second instance, the releases' own hand-off) offers the seats. Each
//      offered fan, over HTTP: pays (checkout + the emulator's card), declines, or lets it lapse.
//   4. Then: webhooks drained, a last sweep, the figures (seats freed -> offered and -> resold, p50
//      and p99; offers made/accepted/declined/lapsed) and the invariants (no seat held by two, no
//      seat sold twice, every open offer's seats reserved to its fan).
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { runSweep } from "@/lib/sweep/run-sweep";
import { createEventWithTickets, createVenueWithGrid, ensurePriceClasses } from "@/prisma/seed/factories";
import { GOOD_CARD } from "./fan";
import { percentile, round } from "./stats";

export type WaitlistPhaseConfig = { seats: number; fans: number; lapseSeconds: number; offerSeconds: number; releaseShare: number; payShare: number; declineShare: number; maxSeconds: number; seed: number };

export const WAITLIST_PHASE_CI: WaitlistPhaseConfig = { seats: 120, fans: 180, lapseSeconds: 5, offerSeconds: 10, releaseShare: 0.2, payShare: 0.7, declineShare: 0.1, maxSeconds: 26, seed: 17 };
export const WAITLIST_PHASE_FULL: WaitlistPhaseConfig = { seats: 1000, fans: 1500, lapseSeconds: 30, offerSeconds: 20, releaseShare: 0.2, payShare: 0.7, declineShare: 0.1, maxSeconds: 150, seed: 17 };

export type WaitlistPhaseResult = {
  config: WaitlistPhaseConfig;
  eventId: number;
  joined: number;
  joinRefused: Record<string, number>;
  holdsLapsed: number;
  holdsReleased: number;
  /** HTTP statuses of the holders' releases (POST /api/events/ticket/cancel). */
  releaseAnswers: Record<number, number>;
  offers: { made: number; accepted: number; declined: number; lapsed: number; open: number };
  seatsFreed: number;
  seatsResold: number;
  /** Seats freed (a hold lapsed or released) -> offered to a waitlist fan, and -> paid for by one (ms). */
  freedToOffered: { n: number; p50: number; p99: number; max: number };
  freedToResold: { n: number; p50: number; p99: number; max: number };
  invariants: { seatsHeldTwice: number; seatsSoldTwice: number; openOffersNotHeld: number; publicTookWithheldSeat: number };
  phaseSeconds: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: the phase's choices are reproducible from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
};

async function call(url: string, token: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json };
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

export async function runWaitlistPhase({ config, appUrl, emulatorUrl, waitForWebhooks, log }: { config: WaitlistPhaseConfig; appUrl: string; emulatorUrl: string; waitForWebhooks: () => Promise<void>; log: (line: string) => void }): Promise<WaitlistPhaseResult> {
  const db = getDb();
  const random = rng(config.seed);
  const started = Date.now();
  const tag = `wl${Date.now().toString(36)}`;
  const [gold] = await ensurePriceClasses(db);
  const venue = await createVenueWithGrid(db, { name: `Waitlist Hall ${tag}`, sections: 2, rows: Math.ceil(config.seats / 40), seatsPerRow: 20 });
  const { event } = await createEventWithTickets(db, {
    venueId: venue.venue.id,
    title: `Waitlist phase ${new Date().toISOString()}`,
    sections: venue.sections.map((s) => ({ sectionId: s.id, classId: gold!.id, price: "60.00" })),
    maxTicketsPerOrder: 8,
    holdSeconds: 600,
  });
  const eventId = event.id;
  await db.event.update({ where: { id: eventId }, data: { waitlistOfferSeconds: config.offerSeconds, waitlistPriority: true } });

  // Fans: holders (one per pair of seats) and waitlisters, with access tokens.
  const tickets = await db.ticket.findMany({ where: { eventId }, orderBy: { id: "asc" }, select: { id: true } });
  const holds = Math.floor(tickets.length / 2);
  await db.user.createMany({ data: Array.from({ length: holds + config.fans }, (_, i) => ({ username: `${tag}_${i}`, email: `${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `${tag}_` } }, select: { id: true, email: true, username: true, role: true }, orderBy: { id: "asc" } });
  const tokens = new Map<number, string>();
  await inParallel(users, 16, async (u) => {
    tokens.set(u.id, (await issueAccessToken(u, 3600)).access_token);
  });
  const holders = users.slice(0, holds);
  const waiters = users.slice(holds);

  // 1. Sold out by holds, ending after the joins (a few seconds from now) spread over lapseSeconds.
  const lapseStart = Date.now() + 3_000 + config.fans * 12;
  const holdPlan: { reservationId: number; userId: number; ticketIds: number[]; endsAt: number; release: boolean }[] = [];
  for (let i = 0; i < holds; i++) {
    const endsAt = lapseStart + Math.floor(random() * config.lapseSeconds * 1000);
    const ticketIds = [tickets[2 * i]!.id, tickets[2 * i + 1]!.id];
    const r = await db.reservation.create({ data: { userId: holders[i]!.id, eventId, status: "active", expiresAt: new Date(endsAt) } });
    await db.ticket.updateMany({ where: { id: { in: ticketIds } }, data: { status: "reserved", userId: holders[i]!.id, reservationId: r.id, holdExpiresAt: new Date(endsAt) } });
    holdPlan.push({ reservationId: r.id, userId: holders[i]!.id, ticketIds, endsAt, release: random() < config.releaseShare });
  }
  const { reconcileTicketCounts } = await import("@/lib/inventory/ticket-counts");
  const { invalidateAvailabilityCaches } = await import("@/lib/events/cache-keys");
  await invalidateAvailabilityCaches([eventId]);
  await reconcileTicketCounts([eventId]);

  // 2. Joins while sold out.
  const joinRefused: Record<string, number> = {};
  let joined = 0;
  await inParallel(waiters, 16, async (u) => {
    const partySize = 1 + Math.floor(random() * 4);
    const answer = await call(`${appUrl}/api/events/${eventId}/waitlist`, tokens.get(u.id)!, "POST", { party_size: partySize, together: partySize > 1 && random() < 0.5 });
    if (answer.status === 201) joined++;
    else {
      const code = (answer.json as { error?: { code?: string } } | null)?.error?.code ?? String(answer.status);
      joinRefused[code] = (joinRefused[code] ?? 0) + 1;
    }
  });
  log(`waitlist phase: event #${eventId}, ${tickets.length} seats held in ${holds} holds; ${joined} fans joined the waitlist (refused: ${JSON.stringify(joinRefused)})`);

  // 3. Holds lapse or are released; offered fans pay, decline or let it lapse.
  const freedAt = new Map<number, number>();
  for (const h of holdPlan) if (!h.release) for (const id of h.ticketIds) freedAt.set(id, h.endsAt);
  const releases = holdPlan
    .filter((h) => h.release)
    // Before the hold's own end: a fan gives up while the seats are still theirs.
    .map((h) => ({ ...h, at: lapseStart + Math.floor(random() * Math.max(0, h.endsAt - lapseStart)) }))
    .sort((a, b) => a.at - b.at);
  const handled = new Set<number>();
  const releaseAnswers: Record<number, number> = {};
  const pending: Promise<void>[] = [];
  let publicTookWithheldSeat = 0;
  let sweeping = false;
  const deadline = started + config.maxSeconds * 1000;
  let lastActivity = Date.now();
  while (Date.now() < deadline) {
    const now = Date.now();
    while (releases.length && releases[0]!.at <= now) {
      const h = releases.shift()!;
      const answer = await call(`${appUrl}/api/events/ticket/cancel`, tokens.get(h.userId)!, "POST", { ticket_ids: h.ticketIds, status: "reserved" });
      releaseAnswers[answer.status] = (releaseAnswers[answer.status] ?? 0) + 1;
      // A refused release leaves the hold to lapse at its own time.
      for (const id of h.ticketIds) freedAt.set(id, answer.status === 200 ? Date.now() : h.endsAt);
    }
    if (!sweeping) {
      // This process is a second instance's sweeper, every second.
      sweeping = true;
      void runSweep({ fullReconcile: false, reconcilePayments: false })
        .catch((e: unknown) => log(`waitlist phase: sweep failed: ${(e as Error).message}`))
        .finally(() => setTimeout(() => (sweeping = false), 1000));
    }
    const open = await db.waitlistOffer.findMany({ where: { eventId, status: "offered" }, select: { id: true, userId: true, reservationId: true } });
    for (const o of open) {
      if (handled.has(o.id)) continue;
      handled.add(o.id);
      lastActivity = Date.now();
      const roll = random();
      const token = tokens.get(o.userId)!;
      const think = 200 + Math.floor(random() * 800);
      pending.push(
        (async () => {
          await sleep(think);
          if (roll < config.payShare) {
            const checkout = await call(`${appUrl}/api/checkout`, token, "POST", { reservation_id: String(o.reservationId) });
            const sessionId = (checkout.json as { session_id?: string } | null)?.session_id;
            if (checkout.status !== 200 || !sessionId) return;
            await fetch(`${emulatorUrl}/_emulator/checkout/sessions/${sessionId}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ card: GOOD_CARD, email: `fan${o.userId}@example.com` }) });
          } else if (roll < config.payShare + config.declineShare) {
            await call(`${appUrl}/api/events/${eventId}/waitlist/offer/decline`, token, "POST");
          }
          // else: the fan lets the offer lapse.
        })().catch((e: unknown) => log(`waitlist phase: a fan's answer failed: ${(e as Error).message}`)),
      );
    }
    const active = await db.reservation.count({ where: { eventId, status: "active", userId: { in: holders.map((h) => h.id) } } });
    // Done when every original hold has ended, no offer is open, and nothing happened for 2 s.
    if (active === 0 && releases.length === 0 && open.length === 0 && Date.now() - lastActivity > 2_000) break;
    await sleep(250);
  }
  await Promise.all(pending);
  await waitForWebhooks();
  await runSweep({ fullReconcile: false, reconcilePayments: false });

  // 4. Figures and invariants.
  const offers = await db.waitlistOffer.findMany({ where: { eventId }, select: { status: true, ticketIds: true, createdAt: true, userId: true, reservationId: true } });
  const count = (s: string) => offers.filter((o) => o.status === s).length;
  const firstOffer = new Map<number, number>();
  for (const o of [...offers].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    for (const id of o.ticketIds) if (!firstOffer.has(id)) firstOffer.set(id, o.createdAt.getTime());
  }
  const waiterIds = waiters.map((w) => w.id);
  const resold = await db.ticket.findMany({ where: { eventId, status: "confirmed", userId: { in: waiterIds } }, select: { id: true, statusUpdatedAt: true } });
  const toOffered: number[] = [];
  for (const [id, at] of firstOffer) {
    const freed = freedAt.get(id);
    if (freed !== undefined) toOffered.push(Math.max(0, at - freed));
  }
  const toResold = resold.flatMap((t) => (freedAt.has(t.id) ? [Math.max(0, t.statusUpdatedAt.getTime() - freedAt.get(t.id)!)] : []));

  const [heldTwice] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT unnest(ticket_ids) AS id FROM waitlist_offer WHERE event_id = ${eventId} AND status = 'offered') o
     GROUP BY id HAVING count(*) > 1`;
  const [soldTwice] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT ticket_id FROM order_item WHERE event_id = ${eventId} AND status = 'issued' GROUP BY ticket_id HAVING count(*) > 1) x`;
  const [notHeld] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM waitlist_offer o CROSS JOIN unnest(o.ticket_ids) AS id
      JOIN ticket t ON t.ticket_id = id
     WHERE o.event_id = ${eventId} AND o.status = 'offered'
       AND NOT (t.status = 'reserved' AND t.reservation_id = o.reservation_id AND t.user_id = o.user_id)`;
  // No one outside the list and the original holders ended up with a seat of this event.
  const [outsiders] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ticket WHERE event_id = ${eventId} AND user_id IS NOT NULL AND NOT (user_id = ANY(${[...waiterIds, ...holders.map((h) => h.id)]}::int[]))`;
  publicTookWithheldSeat += outsiders?.n ?? 0;

  const result: WaitlistPhaseResult = {
    config,
    eventId,
    joined,
    joinRefused,
    holdsLapsed: holdPlan.length - (releaseAnswers[200] ?? 0),
    holdsReleased: releaseAnswers[200] ?? 0,
    releaseAnswers,
    offers: { made: offers.length, accepted: count("accepted"), declined: count("declined"), lapsed: count("lapsed"), open: count("offered") },
    seatsFreed: freedAt.size,
    seatsResold: resold.length,
    freedToOffered: summary(toOffered),
    freedToResold: summary(toResold),
    invariants: { seatsHeldTwice: heldTwice?.n ?? 0, seatsSoldTwice: soldTwice?.n ?? 0, openOffersNotHeld: notHeld?.n ?? 0, publicTookWithheldSeat },
    phaseSeconds: round((Date.now() - started) / 1000),
  };
  return result;
}

export const waitlistInvariantTotal = (r: WaitlistPhaseResult): number => Object.values(r.invariants).reduce((a, b) => a + b, 0);

export function printWaitlistPhase(r: WaitlistPhaseResult, log: (line: string) => void): void {
  log(
    `waitlist phase: ${r.seatsFreed} seats freed (${r.holdsLapsed} holds lapsed, ${r.holdsReleased} released), ${r.joined} fans on the list; ` +
      `offers made ${r.offers.made}, accepted ${r.offers.accepted}, declined ${r.offers.declined}, lapsed ${r.offers.lapsed}, open ${r.offers.open}; ${r.seatsResold} seats resold to the list`,
  );
  log(
    `waitlist phase: seat freed -> offered p50 ${r.freedToOffered.p50} ms, p99 ${r.freedToOffered.p99} ms (n ${r.freedToOffered.n}); ` +
      `freed -> resold p50 ${r.freedToResold.p50} ms, p99 ${r.freedToResold.p99} ms (n ${r.freedToResold.n}); ${r.phaseSeconds} s`,
  );
  log(`waitlist phase invariants: ${Object.entries(r.invariants).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}
