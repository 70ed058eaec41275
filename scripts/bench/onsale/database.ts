// The lab's own PostgreSQL database, made fresh every run: dropped, created, migrated with the
// project's migrations (lib/db/migrations), then one venue, one event with the waiting room on, and
// the fans (users with API access tokens minted here, as POST /api/auth/token would, without
// paying argon2 thousands of times). The database is left in place after the run for inspection.
import pg from "pg";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { describeDatabaseUrl, isLocalDatabaseUrl } from "@/lib/db/local-database";
import { applyMigrations } from "@/lib/db/migrations";
import { ticketIsAvailableSql } from "@/lib/inventory/ticket-availability";
import { createEventWithTickets, createVenueWithGrid, ensurePriceClasses } from "@/prisma/seed/factories";
import type { LabConfig } from "./config";

const DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * The lab's database: --database-url as given, else `openseat_onsale` (`openseat_onsale_ci` with
 * --ci) on the server of DATABASE_URL, else on 127.0.0.1:5432. Local only, and its name must say
 * "onsale", since the lab drops it.
 */
export function labDatabaseUrl(config: LabConfig, env: NodeJS.ProcessEnv = process.env): string {
  let url: URL;
  if (config.databaseUrl) {
    url = new URL(config.databaseUrl);
  } else {
    url = new URL(env.DATABASE_URL?.trim() || DEFAULT_SERVER);
    url.pathname = config.ci ? "/openseat_onsale_ci" : "/openseat_onsale";
    url.search = "";
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/onsale/.test(name) || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`the lab drops and re-creates its database; give it a name with "onsale" in it (letters, digits, _), got ${JSON.stringify(name)}`);
  }
  if (!isLocalDatabaseUrl(url.toString())) throw new Error(`the lab only runs against a local PostgreSQL, not ${describeDatabaseUrl(url.toString())}`);
  return url.toString();
}

export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  await applyMigrations(url, { log: () => {} });
}

export type LabEvent = {
  eventId: number;
  venueId: number;
  ticketCount: number;
  fans: Array<{ userId: number; token: string }>;
};

/** Sections of the grid for about `seats` seats: 8 wide sections for an arena, 4 for a small hall. */
function gridFor(seats: number): { sections: number; rows: number; seatsPerRow: number } {
  const [sections, seatsPerRow] = seats >= 8000 ? [8, 50] : [4, 20];
  return { sections, seatsPerRow, rows: Math.ceil(seats / (sections * seatsPerRow)) };
}

const PRICES = ["250.00", "180.00", "120.00", "80.00", "50.00"];

export async function seedOnsale(config: LabConfig, tokenTtlSeconds: number): Promise<LabEvent> {
  const db = getDb();
  const tag = Date.now().toString(36);
  const grid = gridFor(config.seats);
  const { venue, sections } = await createVenueWithGrid(db, { name: `On-sale Arena ${tag}`, ...grid });
  const classes = await ensurePriceClasses(db);
  // The middle sections face the stage: the best class there, cheaper ones towards the sides.
  const middle = (sections.length - 1) / 2;
  const pricing = sections.map((s, i) => {
    const tier = Math.min(classes.length - 1, Math.floor(Math.abs(i - middle)));
    return { sectionId: s.id, classId: classes[tier]!.id, price: PRICES[tier]! };
  });
  const { event, ticketCount } = await createEventWithTickets(db, {
    venueId: venue.id,
    title: `On-sale lab ${new Date().toISOString()}`,
    performers: ["The Load Testers"],
    sections: pricing,
    serviceFee: "4.50",
    holdSeconds: config.holdSeconds,
    maxTicketsPerOrder: 8,
    queueEnabled: config.queue,
    queueAdmissionPerMinute: config.admitPerMinute,
    queueWindowSeconds: config.windowSeconds,
    // Not on sale until the fans are ready (setOnsale).
    onsaleAt: new Date(Date.now() + 7 * 86_400_000),
  });

  await db.user.createMany({
    data: Array.from({ length: config.fans }, (_, i) => ({ username: `onsale_${tag}_${i}`, email: `onsale_${tag}_${i}@example.com` })),
  });
  const users = await db.user.findMany({
    where: { username: { startsWith: `onsale_${tag}_` } },
    select: { id: true, email: true, username: true, role: true },
    orderBy: { id: "asc" },
  });
  const fans = await Promise.all(users.map(async (u) => ({ userId: u.id, token: (await issueAccessToken(u, tokenTtlSeconds)).access_token })));
  return { eventId: event.id, venueId: venue.id, ticketCount, fans };
}

/** Opens the sale `inSeconds` from now (fans who join before are drawn by lottery at that instant). */
export async function setOnsale(eventId: number, inSeconds: number): Promise<Date> {
  const onsaleAt = new Date(Date.now() + inSeconds * 1000);
  await getDb().event.update({ where: { id: eventId }, data: { onsaleAt } });
  return onsaleAt;
}

export type SaleProgress = { confirmed: number; reserved: number; available: number };

export async function saleProgress(eventId: number): Promise<SaleProgress> {
  const rows = await getDb().$queryRaw<Array<{ confirmed: bigint; reserved: bigint; available: bigint }>>`
    SELECT count(*) FILTER (WHERE t.status = 'confirmed') AS confirmed,
           count(*) FILTER (WHERE t.status = 'reserved' AND t.hold_expire_datetime > now()) AS reserved,
           count(*) FILTER (WHERE ${ticketIsAvailableSql}) AS available
      FROM ticket t WHERE t.event_id = ${eventId}`;
  const r = rows[0]!;
  return { confirmed: Number(r.confirmed), reserved: Number(r.reserved), available: Number(r.available) };
}
