// Chart versions of a venue: one draft at a time (a chart document), validated and published.
// Publishing materialises the document's sections and seats, tied to the new version, and makes it
// the venue's current version. Published versions are never changed, and publishing never touches
// an event: events stay bound to the version they were created on (lib/venues/binding.ts).
import type { Caller } from "@/lib/auth/get-caller";
import { requireVenueManager } from "@/lib/admin/access";
import { recordAudit } from "@/lib/admin/audit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { invalidateVenueCaches } from "@/lib/events/cache-keys";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import { CHART_SCHEMA_ID, emptyChartDocument, parseChartDocument, type ChartDocument, type ChartProblem } from "./chart-document";
import { validateChart, type ExpandedChart } from "./expand";
import { GA_PLACE_ROW } from "./ga-places";

const log = logger("venues");

type Tx = Prisma.TransactionClient;

export type ChartCanvas = {
  width: number;
  height: number;
  stage: { x: number; y: number; width: number; height: number; label: string };
  seatRadius: number;
};

export type ChartVersionSummary = {
  version: number;
  status: "draft" | "published";
  seat_count: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  events: number;
};

export type DraftView = {
  venue_id: string;
  version: number;
  /** The published version the draft started from (null for a venue's first chart). */
  based_on: number | null;
  updated_at: string;
  document: ChartDocument;
  problems: ChartProblem[];
  seat_count: number;
};

export function canvasOf(doc: ChartDocument): ChartCanvas {
  return {
    width: doc.canvas.width,
    height: doc.canvas.height,
    stage: { x: doc.stage.x, y: doc.stage.y, width: doc.stage.width, height: doc.stage.height, label: doc.stage.label },
    seatRadius: doc.seat_radius,
  };
}

/** Structural parse, refusing with the problems (400). */
export function requireDocument(input: unknown): ChartDocument {
  const parsed = parseChartDocument(input);
  if (!parsed.ok) {
    throw new AppError("validation_error", `The chart document has ${parsed.problems.length} problem(s)`, { problems: parsed.problems });
  }
  return parsed.document;
}

/** A document that reproduces a published version's seats (for versions made before documents). */
async function documentFromSeats(tx: Tx, chartVersionId: number, chart: unknown): Promise<ChartDocument> {
  const canvas = (chart ?? {}) as Partial<ChartCanvas>;
  const base = emptyChartDocument();
  const sections = await tx.section.findMany({
    where: { chartVersionId },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
    include: { seats: { orderBy: [{ rowIndex: "asc" }, { number: "asc" }] } },
  });
  const stage = canvas.stage ?? base.stage;
  return {
    schema: CHART_SCHEMA_ID,
    canvas: { width: canvas.width ?? base.canvas.width, height: canvas.height ?? base.canvas.height },
    seat_radius: canvas.seatRadius ?? base.seat_radius,
    stage: { x: stage.x, y: stage.y, width: stage.width, height: stage.height, label: stage.label ?? "STAGE" },
    sections: sections.map((s) => {
      if (s.kind === "general_admission") {
        const pts = [...(s.outline ?? "").matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
        return { kind: "ga" as const, name: s.name, label: s.label, polygon: pts, capacity: s.capacity ?? 0 };
      }
      return {
        kind: "free" as const,
        name: s.name,
        label: s.label,
        label_at: { x: s.labelX, y: s.labelY },
        seats: s.seats.map((seat) => {
          const flags: Record<string, unknown> = {};
          if (seat.accessible) flags.accessible = seat.accessible;
          if (seat.restrictedView) flags.restricted_view = true;
          if (seat.notForSaleReason) flags.not_for_sale = seat.notForSaleReason;
          return { row: seat.row, number: seat.number, x: seat.x, y: seat.y, ...(Object.keys(flags).length ? { flags } : {}) };
        }),
      };
    }),
    shapes: [],
  } as ChartDocument;
}

async function lockVenue(tx: Tx, venueId: number): Promise<{ chartVersion: number }> {
  const rows = await tx.$queryRaw<{ chart_version: number }[]>`SELECT chart_version FROM venue WHERE venue_id = ${venueId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", `Venue ${venueId} was not found`);
  return { chartVersion: row.chart_version };
}

async function currentPublished(tx: Tx, venueId: number, number: number) {
  return tx.venueChartVersion.findFirst({ where: { venueId, version: number, status: "published" } });
}

/** The venue's draft, creating it (from the current published version, or empty) when there is none. */
async function ensureDraft(tx: Tx, venueId: number, actorId: number | null) {
  const venue = await lockVenue(tx, venueId);
  const draft = await tx.venueChartVersion.findFirst({ where: { venueId, status: "draft" } });
  if (draft) return draft;
  const published = await currentPublished(tx, venueId, venue.chartVersion);
  const document = published
    ? ((published.document as ChartDocument | null) ?? (await documentFromSeats(tx, published.id, published.chart)))
    : emptyChartDocument();
  const max = await tx.venueChartVersion.aggregate({ where: { venueId }, _max: { version: true } });
  return tx.venueChartVersion.create({
    data: {
      venueId,
      version: (max._max.version ?? 0) + 1,
      status: "draft",
      document: document as unknown as Prisma.InputJsonValue,
      chart: canvasOf(document) as unknown as Prisma.InputJsonValue,
      createdById: actorId,
    },
  });
}

async function basedOn(tx: Tx, venueId: number): Promise<number | null> {
  const venue = await tx.venue.findUnique({ where: { id: venueId }, select: { chartVersion: true } });
  if (!venue) return null;
  const published = await currentPublished(tx, venueId, venue.chartVersion);
  return published ? published.version : null;
}

function draftView(venueId: number, row: { version: number; updatedAt: Date; document: unknown }, based: number | null): DraftView {
  const document = requireDocument(row.document);
  const { problems, expanded } = validateChart(document);
  return {
    venue_id: String(venueId),
    version: row.version,
    based_on: based,
    updated_at: row.updatedAt.toISOString(),
    document,
    problems,
    seat_count: expanded?.seats.length ?? 0,
  };
}

export async function getDraft(caller: Caller, venueId: number): Promise<DraftView> {
  await requireVenueManager(caller, venueId);
  return getDb().$transaction(async (tx) => {
    const draft = await ensureDraft(tx, venueId, caller.userId);
    return draftView(venueId, draft, await basedOn(tx, venueId));
  });
}

/**
 * Replaces the draft's document. Structurally bad documents are refused (400 with the problems);
 * a draft may have semantic problems (overlaps, empty sections): they are returned, and publishing
 * refuses them. Last write wins: two editors of the same draft overwrite each other (no merge).
 */
export async function saveDraft(caller: Caller, venueId: number, input: unknown, options: { action?: string } = {}): Promise<DraftView> {
  await requireVenueManager(caller, venueId);
  const document = requireDocument(input);
  const { problems, expanded } = validateChart(document);
  return getDb().$transaction(async (tx) => {
    const draft = await ensureDraft(tx, venueId, caller.userId);
    const saved = await tx.venueChartVersion.update({
      where: { id: draft.id },
      data: {
        document: document as unknown as Prisma.InputJsonValue,
        chart: canvasOf(document) as unknown as Prisma.InputJsonValue,
        seatCount: expanded?.seats.length ?? 0,
      },
    });
    await recordAudit(tx, {
      actorId: caller.userId,
      action: options.action ?? "venue.chart.save_draft",
      targetType: "venue_chart_version",
      targetId: saved.id,
      venueId,
      after: { version: saved.version, sections: document.sections.length, seats: expanded?.seats.length ?? null, problems: problems.length },
    });
    return { ...draftView(venueId, saved, await basedOn(tx, venueId)), problems };
  });
}

/** Validates a document without saving it (the draft's when `input` is undefined). */
export async function validateDocument(caller: Caller, venueId: number, input?: unknown): Promise<{ ok: boolean; problems: ChartProblem[]; seat_count: number; sections: number }> {
  await requireVenueManager(caller, venueId);
  let document: ChartDocument;
  if (input === undefined) {
    const draft = await getDb().venueChartVersion.findFirst({ where: { venueId, status: "draft" } });
    if (!draft) throw new AppError("not_found", `Venue ${venueId} has no draft chart`);
    document = requireDocument(draft.document);
  } else {
    const parsed = parseChartDocument(input);
    if (!parsed.ok) return { ok: false, problems: parsed.problems, seat_count: 0, sections: 0 };
    document = parsed.document;
  }
  const { problems, expanded } = validateChart(document);
  return { ok: problems.length === 0, problems, seat_count: expanded?.seats.length ?? 0, sections: document.sections.length };
}

async function materialise(tx: Tx, venueId: number, chartVersionId: number, expanded: ExpandedChart): Promise<void> {
  const created = await tx.section.createManyAndReturn({
    data: expanded.sections.map((s, i) => ({
      venueId,
      chartVersionId,
      name: s.name,
      label: s.label,
      kind: s.kind,
      labelX: s.labelX,
      labelY: s.labelY,
      outline: s.outline,
      sortOrder: i,
      capacity: s.capacity,
    })),
    select: { id: true, name: true },
  });
  const idByName = new Map(created.map((r) => [r.name, r.id]));
  const CHUNK = 20_000;
  for (let i = 0; i < expanded.seats.length; i += CHUNK) {
    const chunk = expanded.seats.slice(i, i + CHUNK);
    const sectionIds = chunk.map((s) => idByName.get(expanded.sections[s.section]!.name) as number);
    await tx.$executeRaw`
      INSERT INTO seat (venue_id, section_id, chart_version_id, "row", row_index, "number", x, y, accessible, restricted_view, not_for_sale_reason)
      SELECT ${venueId}::int, u.section_id, ${chartVersionId}::int, u.row_label, u.row_index, u.seat_number, u.x, u.y,
             u.accessible::seat_accessibility, u.restricted, u.reason
        FROM unnest(${sectionIds}::int[], ${chunk.map((s) => s.row)}::text[], ${chunk.map((s) => s.rowIndex)}::int[],
                    ${chunk.map((s) => s.number)}::int[], ${chunk.map((s) => s.x)}::float8[], ${chunk.map((s) => s.y)}::float8[],
                    ${chunk.map((s) => s.flags.accessible ?? null)}::text[], ${chunk.map((s) => s.flags.restricted_view === true)}::bool[],
                    ${chunk.map((s) => s.flags.not_for_sale ?? null)}::text[])
             AS u(section_id, row_label, row_index, seat_number, x, y, accessible, restricted, reason)`;
  }
  // A GA area becomes `capacity` unnumbered places (seat rows in row GA_PLACE_ROW, 1..capacity, at the
  // area's label point): an event makes one ticket per place, so GA is sold, held, refunded, swept
  // and checked in by the same ticket rows and the same conditional UPDATE as seats
  // (lib/inventory/reserve-ga-tickets.ts; docs/seat-maps.md has why this and not a counter).
  await tx.$executeRaw`
    INSERT INTO seat (venue_id, section_id, chart_version_id, "row", row_index, "number", x, y)
    SELECT ${venueId}::int, sec.section_id, ${chartVersionId}::int, ${GA_PLACE_ROW}, 0, g.n, sec.label_x, sec.label_y
      FROM section sec CROSS JOIN LATERAL generate_series(1, sec.capacity) AS g(n)
     WHERE sec.chart_version_id = ${chartVersionId}::int AND sec.kind = 'general_admission' AND sec.capacity > 0`;
}

export type PublishResult = { venue_id: string; version: number; seat_count: number; sections: number; capacity: number; published_at: string };

/**
 * Publishes the draft: refuses it (400 with the problems) unless it validates cleanly, then writes
 * its sections and seats and makes it the venue's current version, all in one transaction.
 */
export async function publishDraft(caller: Caller, venueId: number): Promise<PublishResult> {
  await requireVenueManager(caller, venueId);
  const result = await getDb().$transaction(
    async (tx) => {
      const venue = await lockVenue(tx, venueId);
      const draft = await tx.venueChartVersion.findFirst({ where: { venueId, status: "draft" } });
      if (!draft) throw new AppError("conflict", `Venue ${venueId} has no draft chart to publish`);
      const document = requireDocument(draft.document);
      const { problems, expanded } = validateChart(document);
      if (problems.length > 0 || !expanded) {
        throw new AppError("validation_error", `The draft has ${problems.length} problem(s); fix them before publishing`, { problems });
      }
      if (expanded.sections.length === 0) {
        throw new AppError("validation_error", "The draft has no sections", { problems: [{ path: "sections", message: "a chart needs at least one section" }] });
      }
      await materialise(tx, venueId, draft.id, expanded);
      const publishedAt = new Date();
      const seatCount = expanded.seats.length;
      const capacity = seatCount + expanded.sections.reduce((sum, s) => sum + (s.capacity ?? 0), 0);
      const canvas = canvasOf(document);
      await tx.venueChartVersion.update({
        where: { id: draft.id },
        data: { status: "published", publishedAt, seatCount, chart: canvas as unknown as Prisma.InputJsonValue },
      });
      await tx.venue.update({
        where: { id: venueId },
        data: { chartVersion: draft.version, chart: canvas as unknown as Prisma.InputJsonValue, capacity },
      });
      await recordAudit(tx, {
        actorId: caller.userId,
        action: "venue.chart.publish",
        targetType: "venue_chart_version",
        targetId: draft.id,
        venueId,
        before: { version: venue.chartVersion },
        after: { version: draft.version, seats: seatCount, sections: expanded.sections.length, capacity },
      });
      return { previous: venue.chartVersion, result: { venue_id: String(venueId), version: draft.version, seat_count: seatCount, sections: expanded.sections.length, capacity, published_at: publishedAt.toISOString() } };
    },
    { timeout: 60_000 },
  );
  // The venue's current-version entry is dropped; the new version's geometry has a key of its own.
  await invalidateVenueCaches([{ id: venueId, chartVersion: result.previous }]).catch((error: unknown) =>
    log.warn("venue cache invalidation failed", { venueId, error: String(error) }),
  );
  return result.result;
}

export async function listVersions(caller: Caller, venueId: number): Promise<ChartVersionSummary[]> {
  await requireVenueManager(caller, venueId);
  const rows = await getDb().venueChartVersion.findMany({
    where: { venueId },
    orderBy: { version: "desc" },
    select: { version: true, status: true, seatCount: true, createdAt: true, updatedAt: true, publishedAt: true, _count: { select: { events: true } } },
  });
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    seat_count: r.seatCount,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    published_at: r.publishedAt?.toISOString() ?? null,
    events: r._count.events,
  }));
}

/** The document of a version (default: the draft if there is one, else the current published one). */
export async function exportChart(caller: Caller, venueId: number, version?: number): Promise<ChartDocument> {
  await requireVenueManager(caller, venueId);
  return getDb().$transaction(async (tx) => {
    const venue = await tx.venue.findUnique({ where: { id: venueId }, select: { chartVersion: true } });
    if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
    const row =
      version !== undefined
        ? await tx.venueChartVersion.findUnique({ where: { venueId_version: { venueId, version } } })
        : ((await tx.venueChartVersion.findFirst({ where: { venueId, status: "draft" } })) ?? (await currentPublished(tx, venueId, venue.chartVersion)));
    if (!row) throw new AppError("not_found", version !== undefined ? `Venue ${venueId} has no chart version ${version}` : `Venue ${venueId} has no chart`);
    if (row.document) return requireDocument(row.document);
    return documentFromSeats(tx, row.id, row.chart);
  });
}

/** Imports a document as the venue's draft (replacing the draft's document). */
export async function importChart(caller: Caller, venueId: number, input: unknown): Promise<DraftView> {
  return saveDraft(caller, venueId, input, { action: "venue.chart.import" });
}
