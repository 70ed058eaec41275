// The demo catalog: price classes, event types and ~70 events with invented performers across the
// demo venues, each with its prices per tier and how much of it the seed sells. Pure: everything is
// drawn from a seeded generator, and only the dates depend on `now`, so reruns build the same
// catalog shifted to the day they run.
import { createRng, type Rng } from "./random";
import { PRICE_TIER_COUNT } from "./venues";

export type PriceClassSpec = { name: string; description: string; color: string };

/** Price classes, best first: tier i of a venue's sections maps to PRICE_CLASSES[i]. */
// Colours from the Okabe-Ito palette, which stays distinguishable with the common colour-vision
// deficiencies; none is close to the chart's state marks (dark squares and rings, small grey dots).
export const PRICE_CLASSES: PriceClassSpec[] = [
  { name: "VIP", description: "The closest seats to the action", color: "#0072b2" },
  { name: "Platinum", description: "Premium seats near the front", color: "#cc79a7" },
  { name: "Gold", description: "Great views from the lower levels", color: "#e69f00" },
  { name: "Silver", description: "Good views at a mid-range price", color: "#56b4e9" },
  { name: "Bronze", description: "Best value: upper levels and far sections", color: "#009e73" },
];

export type EventTypeName = "concert" | "sports" | "theater" | "comedy" | "family" | "festival";

export const EVENT_TYPES: Array<{ type: EventTypeName; description: string }> = [
  { type: "concert", description: "Music concerts" },
  { type: "sports", description: "Sporting events" },
  { type: "theater", description: "Plays, musicals and dance" },
  { type: "comedy", description: "Stand-up and improv comedy" },
  { type: "family", description: "Shows for all ages" },
  { type: "festival", description: "Multi-artist festivals and showcases" },
];

/** Face-value prices in USD per tier (VIP..Bronze) before an event's own multiplier. */
const BASE_PRICES: Record<EventTypeName, number[]> = {
  concert: [249, 159, 109, 79, 49],
  sports: [229, 149, 99, 64, 35],
  theater: [229, 179, 129, 89, 59],
  comedy: [95, 75, 55, 42, 29],
  family: [89, 69, 49, 35, 25],
  festival: [199, 139, 99, 79, 59],
};

/** Venue price level: a club ticket costs less than the same class in an arena. */
const VENUE_PRICE_LEVEL: Record<string, number> = {
  "lakeshore-arena": 1,
  "pacific-crest-arena": 1.05,
  "marquee-theatre": 1,
  "red-mesa-amphitheatre": 0.9,
  "harborview-hall": 0.75,
  "bluebird-ballroom": 0.65,
  "laugh-cellar": 0.55,
};

export type EventSales = {
  /** Share of the tickets sold to the crowd of demo buyers (0..1). */
  soldFraction: number;
  /** Every ticket sold. */
  soldOut: boolean;
  /** Active holds (Reservations that expire in the future) by demo buyers. */
  holds: number;
  /** Tickets the fan@openseat.dev account has bought for this event. */
  fanTickets: number;
  /** Seats the fan@openseat.dev account holds right now. */
  fanHold: number;
};

export type EventSpec = {
  /** Stable slug, unique in the catalog. */
  key: string;
  title: string;
  type: EventTypeName;
  venueKey: string;
  /** Headliner first. */
  performers: string[];
  description: string;
  datetime: Date;
  onsaleAt: Date;
  offsaleAt: Date;
  /** Decimal strings per tier, VIP first. */
  prices: string[];
  currency: "USD";
  sales: EventSales;
};

type Plan = {
  title: string;
  type: EventTypeName;
  performers: string[];
  /** Days from the seed day, and local start time. */
  day: number;
  time: string;
  description?: string;
  /** Price multiplier for demand (1 = list price). */
  heat?: number;
  sold?: number;
  soldOut?: boolean;
  holds?: number;
  fanTickets?: number;
  fanHold?: number;
  /** On sale only in this many days (nothing sold yet). */
  onsaleInDays?: number;
};

type VenueInfo = { key: string; name: string; location: string; timezone: string };

// ---------------------------------------------------------------------------------------------
// The plan per venue. Performers, teams and shows are invented.

const PLANS: Record<string, Plan[]> = {
  "lakeshore-arena": [
    { title: "Chicago Windrunners vs. Detroit Ironclads", type: "sports", performers: ["Chicago Windrunners", "Detroit Ironclads"], day: 4, time: "19:00", sold: 0.55, holds: 2 },
    { title: "Chicago Windrunners vs. Milwaukee Frostbacks", type: "sports", performers: ["Chicago Windrunners", "Milwaukee Frostbacks"], day: 11, time: "19:00", sold: 0.35 },
    { title: "Chicago Blue Squalls vs. St. Louis Riverkings", type: "sports", performers: ["Chicago Blue Squalls", "St. Louis Riverkings"], day: 17, time: "19:30", sold: 0.4 },
    { title: "Neon Harbor: Afterglow World Tour", type: "concert", performers: ["Neon Harbor", "Paper Lanterns", "Mira Okoye"], day: 24, time: "20:00", heat: 1.4, sold: 0.9, fanTickets: 2, holds: 3 },
    { title: "Chicago Windrunners vs. Toronto Glaciers", type: "sports", performers: ["Chicago Windrunners", "Toronto Glaciers"], day: 32, time: "19:00", sold: 0.2 },
    { title: "Frostfire on Ice: Kingdom of Winter", type: "family", performers: ["Frostfire on Ice"], day: 45, time: "14:00", sold: 0.15 },
    { title: "Maya Castellanos: Golden Hour Tour", type: "concert", performers: ["Maya Castellanos", "Ezra Quill"], day: 58, time: "20:00", heat: 1.15, sold: 0.3, holds: 1 },
    { title: "Chicago Blue Squalls vs. Cleveland Steelhawks", type: "sports", performers: ["Chicago Blue Squalls", "Cleveland Steelhawks"], day: 71, time: "19:30" },
    { title: "Cirque Lumina: Skyward", type: "family", performers: ["Cirque Lumina"], day: 96, time: "19:00" },
    { title: "The Velvet Comets: Electric Daydream Tour", type: "concert", performers: ["The Velvet Comets", "The Hollow Pines"], day: 128, time: "20:00", heat: 1.2, onsaleInDays: 3 },
  ],
  "pacific-crest-arena": [
    { title: "Glass Atlas: Satellite Hearts Tour", type: "concert", performers: ["Glass Atlas", "Static Bloom"], day: 6, time: "20:00", heat: 1.2, sold: 0.6 },
    { title: "Benny Okafor: Too Honest for Brunch", type: "comedy", performers: ["Benny Okafor"], day: 13, time: "19:30", sold: 0.5 },
    { title: "Cobalt Hearts: Wide Open Tour", type: "concert", performers: ["Cobalt Hearts", "Wild Clover"], day: 27, time: "20:00", sold: 0.25, fanHold: 2, holds: 1 },
    { title: "Nova Reyes: Fever Dream Tour", type: "concert", performers: ["Nova Reyes", "Dex Arden", "Sasha Kimura"], day: 39, time: "20:00", heat: 1.3, sold: 0.45 },
    { title: "Neon Nights: KALEIDO and Friends", type: "festival", performers: ["KALEIDO", "Vanta Bloom", "Helix & Hound"], day: 52, time: "18:00", sold: 0.3 },
    { title: "Luna Verde: Noche de Estrellas Tour", type: "concert", performers: ["Luna Verde"], day: 66, time: "20:00", sold: 0.1 },
    { title: "Aurora Drive: Higher Ground Tour", type: "concert", performers: ["Aurora Drive", "Brightwater"], day: 88, time: "19:30" },
    { title: "Juniper Vale: Paper Moons Tour", type: "concert", performers: ["Juniper Vale", "Clementine Rook"], day: 141, time: "20:00", heat: 1.1, onsaleInDays: 5 },
  ],
  "marquee-theatre": [
    {
      title: "The Lantern Keeper",
      type: "theater",
      performers: ["Marquee Repertory Company", "Olivia Hartwell", "Desmond Achebe"],
      day: 9,
      time: "19:30",
      heat: 1.25,
      soldOut: true,
      description:
        "A lighthouse keeper's daughter on a storm-bound island finds letters that were never sent. The new musical everyone is talking about, with Olivia Hartwell and Desmond Achebe; opening night sold out in minutes.",
    },
    { title: "The Lantern Keeper", type: "theater", performers: ["Marquee Repertory Company", "Olivia Hartwell", "Desmond Achebe"], day: 10, time: "19:30", heat: 1.25, sold: 0.7, fanTickets: 4 },
    { title: "The Lantern Keeper", type: "theater", performers: ["Marquee Repertory Company", "Olivia Hartwell", "Desmond Achebe"], day: 16, time: "14:00", heat: 1.1, sold: 0.4 },
    { title: "Saltwater Kings", type: "theater", performers: ["Julian Park", "Greta Lindholm"], day: 20, time: "19:00", sold: 0.3 },
    { title: "Midnight at the Paragon", type: "theater", performers: ["Rosa Castellano", "Theo Maddox"], day: 23, time: "20:00", sold: 0.5, holds: 2 },
    { title: "Rachel Lindgren: Live on Broadway", type: "comedy", performers: ["Rachel Lindgren"], day: 29, time: "21:30", sold: 0.6 },
    { title: "The Lantern Keeper", type: "theater", performers: ["Marquee Repertory Company", "Olivia Hartwell", "Desmond Achebe"], day: 37, time: "19:30", heat: 1.1, sold: 0.2 },
    { title: "Midnight at the Paragon", type: "theater", performers: ["Rosa Castellano", "Theo Maddox"], day: 44, time: "20:00", sold: 0.15 },
    { title: "Professor Pepper's Science Spectacular", type: "family", performers: ["Professor Pepper"], day: 50, time: "11:00", sold: 0.1 },
    { title: "Saltwater Kings", type: "theater", performers: ["Julian Park", "Greta Lindholm"], day: 62, time: "19:00" },
    { title: "Midnight at the Paragon", type: "theater", performers: ["Rosa Castellano", "Theo Maddox"], day: 79, time: "20:00" },
    { title: "The Clockmaker's Daughter", type: "theater", performers: ["Nia Coleman", "Theo Maddox", "Marquee Repertory Company"], day: 112, time: "19:30" },
    { title: "The Clockmaker's Daughter", type: "theater", performers: ["Nia Coleman", "Theo Maddox", "Marquee Repertory Company"], day: 113, time: "19:30", onsaleInDays: 8 },
  ],
  "red-mesa-amphitheatre": [
    { title: "Saffron Skies: Northern Lights Tour", type: "concert", performers: ["Saffron Skies", "Kestrel & Crane"], day: 8, time: "19:30", sold: 0.5 },
    { title: "Priya Sol: Wide Awake Tour", type: "concert", performers: ["Priya Sol", "Low Tide Choir"], day: 19, time: "19:30", sold: 0.15, holds: 1 },
    { title: "Summit Sound Festival: Day One", type: "festival", performers: ["The Midnight Orchards", "Echo Canyon", "The Gilded Foxes"], day: 33, time: "15:00", heat: 1.1, sold: 0.4 },
    { title: "Summit Sound Festival: Day Two", type: "festival", performers: ["Northbound Radio", "Silver Thread Union", "The Tin Compass"], day: 34, time: "15:00", heat: 1.1, sold: 0.3 },
    { title: "The Midnight Orchards: Long Way Home Tour", type: "concert", performers: ["The Midnight Orchards", "Brightwater"], day: 55, time: "19:30", sold: 0.2 },
    { title: "Red Mesa Sunrise: Vanta Bloom and Circuit Lullaby", type: "concert", performers: ["Vanta Bloom", "Circuit Lullaby"], day: 74, time: "05:30" },
    { title: "Northbound Radio with Wild Clover", type: "concert", performers: ["Northbound Radio", "Wild Clover"], day: 90, time: "19:30" },
    { title: "Jonah Whitlock: Homegrown Tour", type: "concert", performers: ["Jonah Whitlock"], day: 119, time: "19:30", onsaleInDays: 2 },
  ],
  "harborview-hall": [
    {
      title: "Beethoven's Ninth: Ode to Joy",
      type: "concert",
      performers: ["Harborview Symphony Orchestra", "Tobias Lindqvist", "Harborview Chorale"],
      day: 5,
      time: "20:00",
      sold: 0.65,
      description:
        "Music director Tobias Lindqvist leads the Harborview Symphony Orchestra and Chorale in Beethoven's Ninth Symphony, the choral finale that still brings the house to its feet.",
    },
    {
      title: "Vivaldi's Four Seasons by Candlelight",
      type: "concert",
      performers: ["Boston Bay Chamber Players", "Elena Vasquez-Moreau"],
      day: 15,
      time: "19:30",
      sold: 0.3,
      description:
        "Violinist Elena Vasquez-Moreau and the Boston Bay Chamber Players play Vivaldi's Four Seasons in a hall lit by a thousand candles (flameless, the fire marshal insists).",
    },
    { title: "Film Scores Live: Music of the Movies", type: "family", performers: ["Harborview Symphony Orchestra"], day: 26, time: "15:00", sold: 0.35, holds: 1 },
    { title: "Rachmaninoff's Second Piano Concerto", type: "concert", performers: ["Harborview Symphony Orchestra", "Anneliese Kwan"], day: 36, time: "20:00", sold: 0.2 },
    { title: "Jazz at Harborview: The Alder Street Quintet", type: "concert", performers: ["The Alder Street Quintet"], day: 48, time: "20:00", sold: 0.1 },
    { title: "Peter and the Wolf: A Family Concert", type: "family", performers: ["Harborview Symphony Orchestra", "Harborview Youth Chorus"], day: 63, time: "11:00", sold: 0.1 },
    { title: "Mahler's Fifth Symphony", type: "concert", performers: ["Harborview Symphony Orchestra", "Tobias Lindqvist"], day: 77, time: "20:00" },
    { title: "Rosalind Pike Trio: Blue Hour Sessions", type: "concert", performers: ["Rosalind Pike Trio"], day: 99, time: "20:00" },
    { title: "Marcus Bell Big Band: Swing Night", type: "concert", performers: ["Marcus Bell Big Band"], day: 133, time: "19:30", onsaleInDays: 10 },
  ],
  "bluebird-ballroom": [
    { title: "Dusty Hollis & the Crossroads: Dirt Road Revival", type: "concert", performers: ["Dusty Hollis & the Crossroads", "Hattie Lark"], day: 3, time: "20:00", sold: 0.5 },
    { title: "Hank Pemberton: Southern Discomfort", type: "comedy", performers: ["Hank Pemberton"], day: 12, time: "19:00", sold: 0.25 },
    { title: "Loretta Vance: Porch Light Tour", type: "concert", performers: ["Loretta Vance", "Cody Ridgeway"], day: 21, time: "20:00", sold: 0.3 },
    { title: "Music City Songwriters Round", type: "festival", performers: ["June Ellery", "Cody Ridgeway", "Hattie Lark"], day: 30, time: "19:00", sold: 0.2 },
    { title: "The Creekbend Sisters with June Ellery", type: "concert", performers: ["The Creekbend Sisters", "June Ellery"], day: 41, time: "20:00", sold: 0.1, holds: 1 },
    { title: "Imani Brooks: Velvet Sessions", type: "concert", performers: ["Imani Brooks"], day: 53, time: "20:30", sold: 0.4 },
    { title: "Wade Carver: Live at the Bluebird", type: "concert", performers: ["Wade Carver"], day: 68, time: "20:00" },
    { title: "The Gravel Road Ramblers: Bluegrass Jamboree", type: "concert", performers: ["The Gravel Road Ramblers"], day: 84, time: "19:30" },
    { title: "Callum Frost: Quiet Fires Tour", type: "concert", performers: ["Callum Frost", "Talia Moreau"], day: 124, time: "20:00", onsaleInDays: 4 },
  ],
  "laugh-cellar": [
    { title: "Keisha Marlowe: No Filter", type: "comedy", performers: ["Keisha Marlowe"], day: 2, time: "19:00", sold: 0.6, fanTickets: 2 },
    { title: "Keisha Marlowe: No Filter (Late Show)", type: "comedy", performers: ["Keisha Marlowe"], day: 2, time: "21:30", sold: 0.3 },
    { title: "Late Night Laughs Showcase", type: "comedy", performers: ["Sammy Ruiz", "Nadia Farouk", "Jess Kowalczyk"], day: 7, time: "21:00", sold: 0.4, holds: 1 },
    { title: "Tommy Vargas: Dad Jokes Deluxe", type: "comedy", performers: ["Tommy Vargas"], day: 14, time: "19:30", sold: 0.2 },
    { title: "Marcus Delacroix: Grown Folks Business", type: "comedy", performers: ["Marcus Delacroix"], day: 22, time: "20:00", sold: 0.5 },
    { title: "The Backroom Players: Improv Night", type: "comedy", performers: ["The Backroom Players"], day: 28, time: "20:00", sold: 0.1 },
    { title: "Olive Tran: Overthinking It", type: "comedy", performers: ["Olive Tran"], day: 42, time: "19:30" },
    { title: "Leo Fitzgerald: Lost in Translation", type: "comedy", performers: ["Leo Fitzgerald"], day: 57, time: "20:00", sold: 0.15 },
    { title: "Gwen Abernathy: Still Talking", type: "comedy", performers: ["Gwen Abernathy"], day: 73, time: "19:30" },
    { title: "Dave Montero and Priya Raman: Split Bill", type: "comedy", performers: ["Dave Montero", "Priya Raman"], day: 102, time: "20:00" },
  ],
};

// ---------------------------------------------------------------------------------------------
// Descriptions

const GENRE_HINTS: Record<string, string> = {
  "Neon Harbor": "synth-pop anthems",
  "Glass Atlas": "arena rock",
  "Cobalt Hearts": "indie rock",
  "Nova Reyes": "glittering pop",
  "Luna Verde": "Latin pop",
  "Aurora Drive": "heartland rock",
  "Juniper Vale": "dream pop",
  "Maya Castellanos": "soulful pop",
  "The Velvet Comets": "glam rock",
  "Saffron Skies": "psychedelic folk",
  "Priya Sol": "R&B",
  "The Midnight Orchards": "alt-country",
  "Northbound Radio": "roots rock",
  "Jonah Whitlock": "singer-songwriter folk",
  "Vanta Bloom": "ambient electronica",
  "Dusty Hollis & the Crossroads": "honky-tonk",
  "Loretta Vance": "classic country",
  "The Creekbend Sisters": "close-harmony Americana",
  "Imani Brooks": "neo-soul",
  "Wade Carver": "outlaw country",
  "The Gravel Road Ramblers": "bluegrass",
  "Callum Frost": "acoustic folk",
  "The Alder Street Quintet": "hard bop",
  "Rosalind Pike Trio": "late-night jazz",
  "Marcus Bell Big Band": "big-band swing",
};

function describe(rng: Rng, plan: Plan, venue: VenueInfo): string {
  if (plan.description) return plan.description;
  const [headliner = "", ...support] = plan.performers;
  const guests = support.length === 0 ? "" : support.length === 1 ? support[0]! : `${support.slice(0, -1).join(", ")} and ${support.at(-1)}`;
  const city = venue.location.split(",")[0];
  const tour = plan.title.includes(": ") ? plan.title.split(": ")[1] : plan.title;
  switch (plan.type) {
    case "concert": {
      const genre = GENRE_HINTS[headliner] ?? "live music";
      const opener = guests ? ` ${rng.pick(["With special guest", "Opening the night:", "Support from"])} ${guests}.` : "";
      return rng.pick([
        `${headliner} bring the ${genre} of the ${tour} to ${venue.name} for one night only.${opener}`,
        `${headliner} return to ${city} with ${tour}: a full production, new songs and the ${genre} fans have waited for.${opener}`,
        `An evening of ${genre} at ${venue.name}: ${headliner} play ${tour} from start to finish.${opener}`,
      ]);
    }
    case "sports": {
      const [home, away] = plan.performers;
      return rng.pick([
        `${home} host the ${away} at ${venue.name}. Doors open 90 minutes before the opening whistle.`,
        `Regular-season matchup: the ${away} visit ${city} to take on the ${home}. Giveaway for the first 5,000 fans.`,
        `${home} vs. ${away}, live at ${venue.name}. Family four-packs available in the upper level.`,
      ]);
    }
    case "theater":
      return rng.pick([
        `${plan.title}, starring ${plan.performers.filter((p) => !p.includes("Company")).join(" and ")}. Running time about 2 hours 30 minutes with one intermission.`,
        `The acclaimed new production of ${plan.title} at ${venue.name}. Recommended for ages 12 and up.`,
      ]);
    case "comedy":
      return rng.pick([
        `${plan.performers.join(", ")} ${plan.performers.length > 1 ? "take" : "takes"} the stage at ${venue.name} with an hour of brand-new material. Ages 18+.`,
        `Stand-up night in ${city}: ${plan.performers.join(", ")}. Strong language; ages 18+. Two-drink minimum applies at table seating.`,
        `${plan.title}. ${headliner} is back with the set critics called "relentlessly, exhaustingly funny". Ages 16+.`,
      ]);
    case "family":
      return rng.pick([
        `${plan.title}: fun for the whole family at ${venue.name}. Children under 2 sit on a lap for free.`,
        `Bring the kids to ${plan.title}, about 90 minutes with one short intermission. Sensory-friendly kits at guest services.`,
      ]);
    case "festival":
      return `${plan.title} at ${venue.name} with ${plan.performers.join(", ")}${rng.pick([", plus food trucks and local makers.", ". Rain or shine.", ", all on one bill."])}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates in a venue's time zone

/** The UTC instant at which the wall clock in `timeZone` reads the given local date and time. */
export function zonedDateTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month, day, hour, minute);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
      })
        .formatToParts(new Date(t))
        .map((p) => [p.type, Number(p.value)]),
    ) as Record<string, number>;
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - t;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t); // once more, in case the first guess crossed a DST change
  return new Date(t);
}

/** Local date `days` after `now`'s date (UTC calendar) at hh:mm in the zone. */
function localDay(now: Date, days: number, time: string, timeZone: string): Date {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const base = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  return zonedDateTime(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hh, mm, timeZone);
}

// ---------------------------------------------------------------------------------------------

function priceLadder(rng: Rng, type: EventTypeName, level: number, heat: number): string[] {
  const prices: number[] = [];
  for (let tier = 0; tier < PRICE_TIER_COUNT; tier++) {
    let p = Math.round((BASE_PRICES[type][tier] as number) * level * heat);
    if (tier > 0) p = Math.min(p, (prices[tier - 1] as number) - 2);
    prices.push(p);
  }
  // Most prices end in .00, some in .50.
  return prices.map((p) => (rng.chance(0.3) ? p - 0.5 : p).toFixed(2));
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export const CATALOG_SEED = 20_261_130;

/** The demo events at `venues` (those the plan knows), dated relative to `now`. */
export function demoCatalog(now: Date, venues: VenueInfo[], seed = CATALOG_SEED): EventSpec[] {
  const rng = createRng(seed);
  const events: EventSpec[] = [];
  const keys = new Set<string>();
  for (const venue of venues) {
    for (const plan of PLANS[venue.key] ?? []) {
      const datetime = localDay(now, plan.day, plan.time, venue.timezone);
      const onsaleAt =
        plan.onsaleInDays !== undefined
          ? localDay(now, plan.onsaleInDays, "10:00", venue.timezone)
          : localDay(now, -rng.int(7, 45), "10:00", venue.timezone);
      let key = slug(`${plan.title}-${venue.key}`);
      if (keys.has(key)) key = `${key}-day-${plan.day}`;
      if (keys.has(key)) key = `${key}-${plan.time.replace(":", "")}`;
      keys.add(key);
      const onSaleNow = plan.onsaleInDays === undefined;
      events.push({
        key,
        title: plan.title,
        type: plan.type,
        venueKey: venue.key,
        performers: plan.performers,
        description: describe(rng, plan, venue),
        datetime,
        onsaleAt,
        offsaleAt: datetime,
        prices: priceLadder(rng, plan.type, VENUE_PRICE_LEVEL[venue.key] ?? 1, plan.heat ?? 1),
        currency: "USD",
        sales: {
          soldFraction: onSaleNow ? (plan.soldOut ? 1 : plan.sold ?? 0) : 0,
          soldOut: onSaleNow && plan.soldOut === true,
          holds: onSaleNow ? plan.holds ?? 0 : 0,
          fanTickets: onSaleNow ? plan.fanTickets ?? 0 : 0,
          fanHold: onSaleNow ? plan.fanHold ?? 0 : 0,
        },
      });
    }
  }
  return events.sort((a, b) => a.datetime.getTime() - b.datetime.getTime() || a.key.localeCompare(b.key));
}

/** Every performer the catalog names, in first-appearance order. */
export function catalogPerformers(events: EventSpec[]): string[] {
  return [...new Set(events.flatMap((e) => e.performers))];
}
