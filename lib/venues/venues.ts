// Venues for the organizer dashboard: admins create them, venue admins (of that venue) and admins
// read and edit them. The seating chart is edited through chart versions (./versions.ts).
import type { Caller } from "@/lib/auth/get-caller";
import { requireAdmin, requireVenueManager } from "@/lib/admin/access";
import { recordAudit } from "@/lib/admin/audit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { VenueCreateInput, VenueUpdateInput } from "@/lib/validations/venues";
import { emptyChartDocument } from "./chart-document";
import { canvasOf } from "./versions";

export type VenueDetail = {
  venue_id: string;
  name: string;
  location: string;
  address: string;
  phone: string | null;
  timezone: string;
  capacity: number;
  /** The current published chart version, null before the first publish. */
  chart_version: number | null;
  /** The draft's version number, when there is a draft. */
  draft_version: number | null;
  events: number;
};

async function detail(db: Prisma.TransactionClient | ReturnType<typeof getDb>, venueId: number): Promise<VenueDetail> {
  const venue = await db.venue.findUnique({ where: { id: venueId }, include: { _count: { select: { events: true } } } });
  if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
  const versions = await db.venueChartVersion.findMany({ where: { venueId, OR: [{ status: "draft" }, { version: venue.chartVersion }] }, select: { version: true, status: true } });
  const published = versions.find((v) => v.status === "published" && v.version === venue.chartVersion);
  const draft = versions.find((v) => v.status === "draft");
  return {
    venue_id: String(venue.id),
    name: venue.name,
    location: venue.location,
    address: venue.address,
    phone: venue.phone,
    timezone: venue.timezone,
    capacity: venue.capacity,
    chart_version: published?.version ?? null,
    draft_version: draft?.version ?? null,
    events: venue._count.events,
  };
}

/** A new venue (admins only) with an empty draft chart: it has no published chart until one is published. */
export async function createVenue(caller: Caller, input: VenueCreateInput): Promise<VenueDetail> {
  requireAdmin(caller);
  const document = emptyChartDocument();
  const canvas = canvasOf(document) as unknown as Prisma.InputJsonValue;
  return getDb().$transaction(async (tx) => {
    const venue = await tx.venue.create({
      data: { name: input.name, location: input.location, address: input.address, phone: input.phone ?? null, timezone: input.timezone, capacity: 0, chart: canvas, chartVersion: 1 },
    });
    // The insert trigger made version 1 published and empty: it is this venue's first draft instead.
    await tx.venueChartVersion.update({
      where: { venueId_version: { venueId: venue.id, version: 1 } },
      data: { status: "draft", publishedAt: null, document: document as unknown as Prisma.InputJsonValue, chart: canvas, createdById: caller.userId },
    });
    await recordAudit(tx, { actorId: caller.userId, action: "venue.create", targetType: "venue", targetId: venue.id, venueId: venue.id, after: input });
    return detail(tx, venue.id);
  });
}

export async function getVenue(caller: Caller, venueId: number): Promise<VenueDetail> {
  await requireVenueManager(caller, venueId);
  return detail(getDb(), venueId);
}

export async function updateVenue(caller: Caller, venueId: number, input: VenueUpdateInput): Promise<VenueDetail> {
  await requireVenueManager(caller, venueId);
  return getDb().$transaction(async (tx) => {
    const before = await tx.venue.findUnique({ where: { id: venueId }, select: { name: true, location: true, address: true, phone: true, timezone: true } });
    if (!before) throw new AppError("not_found", `Venue ${venueId} was not found`);
    await tx.venue.update({ where: { id: venueId }, data: input });
    await recordAudit(tx, { actorId: caller.userId, action: "venue.update", targetType: "venue", targetId: venueId, venueId, before, after: input });
    return detail(tx, venueId);
  });
}
