// The chart document: a venue layout as JSON, versioned by its `schema` field. It is what the
// builder edits, what a draft stores, what export/import exchange and what publishing expands into
// concrete seats (lib/venues/expand.ts). docs/seat-maps.md documents every field.
//
// Coordinates are chart units on a canvas of `canvas.width` x `canvas.height`, y pointing down (SVG).
// Angles are degrees measured the SVG way: 0 = +x (right), 90 = +y (down).
import { z } from "zod";

export const CHART_SCHEMA_ID = "openseat.chart/1";

/** Upper bounds that keep a document cheap to expand and draw. */
export const CHART_LIMITS = {
  canvas: 100_000,
  sections: 500,
  rowsPerSection: 300,
  seatsPerRow: 500,
  seatsPerChart: 100_000,
  freeSeatsPerSection: 5_000,
  gaCapacity: 100_000,
  polygonPoints: 200,
  shapes: 500,
  nameLength: 24,
  labelLength: 80,
  rowLabelLength: 8,
} as const;

const finite = z.number().finite();
const coord = finite.min(-CHART_LIMITS.canvas).max(CHART_LIMITS.canvas);
const positive = finite.positive().max(CHART_LIMITS.canvas);
const angle = finite.min(-720).max(720);

export const pointSchema = z.object({ x: coord, y: coord }).strict();

const sectionName = z
  .string()
  .trim()
  .min(1, "a section needs a name")
  .max(CHART_LIMITS.nameLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, space, dot, underscore and dash only");
const label = z.string().trim().max(CHART_LIMITS.labelLength);
const rowLabel = z.string().trim().min(1).max(CHART_LIMITS.rowLabelLength);

/**
 * How rows are labelled, front row (closest to the stage) first: letters A, B, ... (skipping the
 * letters in `skip`, I and O by default; after Z come AA, BB, ...) or numbers 1, 2, ...
 * `start` is the label of the front row as an offset (letters: 0 = A; numbers: the first number).
 */
export const rowSchemeSchema = z
  .object({
    style: z.enum(["letters", "numbers"]).default("letters"),
    start: z.number().int().min(0).max(10_000).default(0),
    skip: z.array(z.string().regex(/^[A-Z]$/, "skip single capital letters")).max(20).default(["I", "O"]),
    prefix: z.string().max(3).default(""),
  })
  .strict();

/**
 * How seats are numbered within a row, as seen by someone sitting in it facing the stage:
 * ltr (1, 2, 3 ... from the left), rtl (from the right), odd_even (odd numbers on the left half,
 * even on the right, both counting up from the centre aisle outwards: ... 5 3 1 | 2 4 6 ...).
 */
export const seatSchemeSchema = z
  .object({
    order: z.enum(["ltr", "rtl", "odd_even"]).default("ltr"),
    start: z.number().int().min(1).max(10_000).default(1),
  })
  .strict();

export const seatFlagsSchema = z
  .object({
    /** Wheelchair space, or a companion seat beside one. */
    accessible: z.enum(["wheelchair", "companion"]).optional(),
    restricted_view: z.boolean().optional(),
    /** Not for sale (house seats, camera positions): the reason is required. */
    not_for_sale: z.string().trim().min(1, "give the reason a seat is not for sale").max(CHART_LIMITS.labelLength).optional(),
  })
  .strict();

/** Flags for some seats of a generated section: one row and a list of seat numbers (or all of the row). */
export const seatFlagRuleSchema = z
  .object({
    row: rowLabel,
    seats: z.union([z.literal("all"), z.array(z.number().int().min(1).max(100_000)).min(1).max(CHART_LIMITS.seatsPerRow)]),
    flags: seatFlagsSchema,
  })
  .strict();

const sectionBase = {
  name: sectionName,
  label: label.default(""),
  /** Optional label anchor; the centre of the seats when absent. */
  label_at: pointSchema.optional(),
};

export const gridSectionSchema = z
  .object({
    ...sectionBase,
    kind: z.literal("grid"),
    /** Where the first seat (left end, as drawn with rotation 0) of the front row sits. */
    origin: pointSchema,
    /** Degrees; 0 draws rows along +x with the stage towards -y (above). */
    rotation: angle.default(0),
    rows: z.number().int().min(1).max(CHART_LIMITS.rowsPerSection),
    seats_per_row: z.number().int().min(1).max(CHART_LIMITS.seatsPerRow),
    seat_spacing: positive,
    row_spacing: positive,
    row_labels: rowSchemeSchema.default({ style: "letters", start: 0, skip: ["I", "O"], prefix: "" }),
    seat_labels: seatSchemeSchema.default({ order: "ltr", start: 1 }),
    flags: z.array(seatFlagRuleSchema).max(5_000).default([]),
  })
  .strict();

export const curvedSectionSchema = z
  .object({
    ...sectionBase,
    kind: z.literal("curved"),
    /** The focus the rows curve around (usually the stage's centre). */
    center: pointSchema,
    /** Radius of the front row. */
    radius: positive,
    rows: z.number().int().min(1).max(CHART_LIMITS.rowsPerSection),
    row_spacing: positive,
    /** The arc runs from start_angle to end_angle (degrees, end > start, at most 360 apart). */
    start_angle: angle,
    end_angle: angle,
    /** Chord between neighbouring seats; each row holds as many seats as fit its arc. */
    seat_spacing: positive,
    row_labels: rowSchemeSchema.default({ style: "letters", start: 0, skip: ["I", "O"], prefix: "" }),
    seat_labels: seatSchemeSchema.default({ order: "ltr", start: 1 }),
    flags: z.array(seatFlagRuleSchema).max(5_000).default([]),
  })
  .strict();

export const freeSeatSchema = z
  .object({
    row: rowLabel,
    number: z.number().int().min(1).max(100_000),
    x: coord,
    y: coord,
    flags: seatFlagsSchema.optional(),
  })
  .strict();

export const freeSectionSchema = z
  .object({
    ...sectionBase,
    kind: z.literal("free"),
    seats: z.array(freeSeatSchema).max(CHART_LIMITS.freeSeatsPerSection),
  })
  .strict();

export const gaSectionSchema = z
  .object({
    ...sectionBase,
    kind: z.literal("ga"),
    /** The standing area's outline, at least three points. */
    polygon: z.array(pointSchema).min(3, "a general-admission area needs a polygon of at least 3 points").max(CHART_LIMITS.polygonPoints),
    /** How many people the area holds (validation requires at least 1). */
    capacity: z.number().int().min(0).max(CHART_LIMITS.gaCapacity),
  })
  .strict();

export const sectionSchema = z.discriminatedUnion("kind", [gridSectionSchema, curvedSectionSchema, freeSectionSchema, gaSectionSchema]);

export const shapeSchema = z
  .object({
    kind: z.enum(["label", "aisle", "door", "bar", "rect", "ellipse"]),
    x: coord,
    y: coord,
    width: finite.min(0).max(CHART_LIMITS.canvas).default(0),
    height: finite.min(0).max(CHART_LIMITS.canvas).default(0),
    rotation: angle.default(0),
    text: label.default(""),
  })
  .strict();

export const stageSchema = z
  .object({
    x: coord,
    y: coord,
    width: positive,
    height: positive,
    label: label.default("STAGE"),
  })
  .strict();

export const chartDocumentSchema = z
  .object({
    schema: z.literal(CHART_SCHEMA_ID),
    canvas: z.object({ width: positive, height: positive }).strict(),
    /** Drawn seat radius; seats closer than twice this overlap. */
    seat_radius: positive.max(1_000).default(4),
    stage: stageSchema,
    /** The focal point seats face; the stage's centre when absent. */
    focus: pointSchema.optional(),
    sections: z.array(sectionSchema).max(CHART_LIMITS.sections),
    shapes: z.array(shapeSchema).max(CHART_LIMITS.shapes).default([]),
  })
  .strict();

export type ChartDocument = z.output<typeof chartDocumentSchema>;
export type ChartDocumentInput = z.input<typeof chartDocumentSchema>;
export type ChartSection = z.output<typeof sectionSchema>;
export type GridSection = z.output<typeof gridSectionSchema>;
export type CurvedSection = z.output<typeof curvedSectionSchema>;
export type FreeSection = z.output<typeof freeSectionSchema>;
export type GaSection = z.output<typeof gaSectionSchema>;
export type RowScheme = z.output<typeof rowSchemeSchema>;
export type SeatScheme = z.output<typeof seatSchemeSchema>;
export type SeatFlags = z.output<typeof seatFlagsSchema>;
export type Point = z.output<typeof pointSchema>;

/** A problem with a document: where (a JSON path such as `sections[2].rows`) and what. */
export type ChartProblem = { path: string; message: string };

function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(document)";
}

/** Structural check: the parsed document (defaults filled in) or the list of problems. */
export function parseChartDocument(input: unknown): { ok: true; document: ChartDocument } | { ok: false; problems: ChartProblem[] } {
  const result = chartDocumentSchema.safeParse(input);
  if (result.success) return { ok: true, document: result.data };
  return {
    ok: false,
    problems: result.error.issues.slice(0, 200).map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
  };
}

/** An empty document for a new venue. */
export function emptyChartDocument(): ChartDocument {
  return {
    schema: CHART_SCHEMA_ID,
    canvas: { width: 1000, height: 800 },
    seat_radius: 4,
    stage: { x: 350, y: 40, width: 300, height: 60, label: "STAGE" },
    sections: [],
    shapes: [],
  };
}
