// The organizer audit log: one row per action (who, what, on which object, before and after).
// `recordAudit` takes the transaction client of the change it records, so the log and the change
// commit or roll back together; a refused or failed action leaves no row.
import type { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db";

type Db = Pick<ReturnType<typeof getDb>, "auditLog">;

export type AuditInput = {
  actorId: number | null;
  /** e.g. "event.create", "event.publish", "order.refund", "user.role", "ticket.check_in" */
  action: string;
  targetType: string;
  targetId: string | number;
  venueId?: number | null;
  eventId?: number | null;
  before?: unknown;
  after?: unknown;
};

/** JSON-safe copy: Dates as ISO strings, Decimals and bigints as strings, undefined dropped. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: String(input.targetId),
      venueId: input.venueId ?? null,
      eventId: input.eventId ?? null,
      before: toJson(input.before),
      after: toJson(input.after),
    },
  });
}

export type AuditEntry = {
  id: string;
  at: string;
  actor: { user_id: string; username: string } | null;
  action: string;
  target_type: string;
  target_id: string;
  before: unknown;
  after: unknown;
};

/** An event's audit entries, newest first, `limit` at a time (keyset paging on the id). */
export async function listEventAudit(eventId: number, { limit = 100, before }: { limit?: number; before?: bigint } = {}): Promise<AuditEntry[]> {
  const rows = await getDb().auditLog.findMany({
    where: { eventId, ...(before !== undefined ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(limit, 1), 500),
    include: { actor: { select: { id: true, username: true } } },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.createdAt.toISOString(),
    actor: r.actor ? { user_id: String(r.actor.id), username: r.actor.username } : null,
    action: r.action,
    target_type: r.targetType,
    target_id: r.targetId,
    before: r.before,
    after: r.after,
  }));
}
