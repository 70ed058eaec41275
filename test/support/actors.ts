// The cast of an authorization test: one caller of each kind the organizer routes must tell apart,
// around one venue. Every admin route and server action gets a row per actor (test/api/*authz*).
//
//   anonymous         no credentials
//   buyer             a fan
//   doorStaff         door staff of `venue` (check-in only)
//   otherVenueAdmin   manages another venue, not `venue`
//   venueAdmin        manages `venue`
//   admin             manages everything
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { createUser, createVenueWithGrid, type CreatedVenue } from "@/prisma/seed/factories";
import { accessTokenFor } from "./api";
import { sessionCookieFor } from "./auth";

export const ACTOR_NAMES = ["anonymous", "buyer", "doorStaff", "otherVenueAdmin", "venueAdmin", "admin"] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

export type Actor = { name: ActorName; user: User | null; token: string | undefined; cookie: string | undefined };
export type Cast = { venue: CreatedVenue; otherVenue: CreatedVenue; actors: Record<ActorName, Actor> };

/** Two small venues and one user of each kind (admin sees both; the venue admins one each). */
export async function createCast(options: { venue?: CreatedVenue } = {}): Promise<Cast> {
  const db = getDb();
  const venue = options.venue ?? (await createVenueWithGrid(db, { rows: 2, seatsPerRow: 5 }));
  const otherVenue = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
  const users: Record<Exclude<ActorName, "anonymous">, User> = {
    buyer: await createUser(db, { role: "buyer" }),
    doorStaff: await createUser(db, { role: "door_staff", venueIds: [venue.venue.id] }),
    otherVenueAdmin: await createUser(db, { role: "venue_admin", venueIds: [otherVenue.venue.id] }),
    venueAdmin: await createUser(db, { role: "venue_admin", venueIds: [venue.venue.id] }),
    admin: await createUser(db, { role: "admin" }),
  };
  const actors = { anonymous: { name: "anonymous", user: null, token: undefined, cookie: undefined } } as Record<ActorName, Actor>;
  for (const name of Object.keys(users) as Exclude<ActorName, "anonymous">[]) {
    const user = users[name];
    actors[name] = { name, user, token: await accessTokenFor(user), cookie: await sessionCookieFor(user) };
  }
  return { venue, otherVenue, actors };
}
