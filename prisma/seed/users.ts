// Demo accounts: the four staff/fan logins the docs and e2e tests refer to, and a crowd of invented
// buyers who own the tickets the seed marks as sold. Pure data, no database.
import type { Rng } from "./random";

export type UserRoleName = "buyer" | "venue_admin" | "admin" | "door_staff";

export type UserSpec = {
  username: string;
  email: string;
  role: UserRoleName;
  phone: string | null;
  address: string | null;
};

/** Fixed demo logins, for local use only (the README lists them); the crowd has no passwords. */
export const DEMO_ACCOUNTS = {
  fan: { username: "fan", email: "fan@openseat.dev", role: "buyer", phone: "+1 312-555-0100", address: "233 S Wacker Dr, Chicago, IL 60606" },
  venue: { username: "venue", email: "venue@openseat.dev", role: "venue_admin", phone: "+1 312-555-0101", address: null },
  admin: { username: "admin", email: "admin@openseat.dev", role: "admin", phone: "+1 312-555-0102", address: null },
  door: { username: "door", email: "door@openseat.dev", role: "door_staff", phone: null, address: null },
} as const satisfies Record<string, UserSpec>;

export const DEMO_PASSWORDS: Record<keyof typeof DEMO_ACCOUNTS, string> = {
  fan: "openseat-fan-demo",
  venue: "openseat-venue-demo",
  admin: "openseat-admin-demo",
  door: "openseat-door-demo",
};

const FIRST_NAMES = [
  "Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Priya", "Mateo", "Chloe", "Jamal", "Sofia", "Owen",
  "Hana", "Lucas", "Amara", "Diego", "Nora", "Kai", "Leila", "Ben", "Grace", "Omar", "Ivy", "Samuel",
  "Elena", "Marcus", "Aisha", "Theo", "Ruby", "Hiro", "Clara", "Andre", "Mila", "Jonah", "Tessa", "Ravi",
] as const;

const LAST_NAMES = [
  "Chen", "Okafor", "Garcia", "Nguyen", "Patel", "Johnson", "Kowalski", "Rossi", "Haddad", "Kim",
  "Silva", "Brooks", "Larsen", "Mendez", "Tanaka", "Murphy", "Osei", "Novak", "Reyes", "Fischer",
  "Ahmed", "Walsh", "Moreau", "Singh", "Park", "Lindqvist", "Adeyemi", "Costa", "Bauer", "Romero",
] as const;

const STREETS = ["Maple Ave", "Oak St", "Cedar Ln", "Elm St", "Lakeview Dr", "Sunset Blvd", "River Rd", "Park Pl"] as const;
const CITIES = [
  ["Chicago", "IL", "606", "312"],
  ["Los Angeles", "CA", "900", "213"],
  ["New York", "NY", "100", "212"],
  ["Denver", "CO", "802", "303"],
  ["Boston", "MA", "021", "617"],
  ["Nashville", "TN", "372", "615"],
  ["Austin", "TX", "787", "512"],
] as const;

/** `count` invented buyers with unique usernames and emails (example.com, never deliverable). */
export function demoBuyers(rng: Rng, count: number): UserSpec[] {
  const taken = new Set<string>();
  const buyers: UserSpec[] = [];
  while (buyers.length < count) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let username = `${first}.${last}`.toLowerCase();
    for (let n = 2; taken.has(username); n++) username = `${first}.${last}${n}`.toLowerCase();
    taken.add(username);
    const [city, state, zip, areaCode] = rng.pick(CITIES);
    buyers.push({
      username,
      email: `${username}@example.com`,
      role: "buyer",
      // 555-01xx numbers are reserved for fiction.
      phone: rng.chance(0.7) ? `+1 ${areaCode}-555-01${String(rng.int(0, 99)).padStart(2, "0")}` : null,
      address: rng.chance(0.6)
        ? `${rng.int(10, 9899)} ${rng.pick(STREETS)}, ${city}, ${state} ${zip}${String(rng.int(0, 99)).padStart(2, "0")}`
        : null,
    });
  }
  return buyers;
}
