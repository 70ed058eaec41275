// Recognises a unique-constraint violation (Prisma P2002) and names what collided. Prisma's classic
// engine reports `meta.target` (field names); with a driver adapter (our `pg` adapter) the details
// sit in `meta.driverAdapterError.cause.constraint` as `fields` or an `index` name such as
// "users_email_key". Both are folded into one list of words to match against.
type PrismaLikeError = {
  code?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: { cause?: { constraint?: { fields?: unknown; index?: unknown } } };
  };
};

/** Null when `error` is not a unique violation; else the colliding field or index names (maybe empty). */
export function uniqueViolationTargets(error: unknown): string[] | null {
  const e = error as PrismaLikeError | null;
  if (!e || e.code !== "P2002") return null;
  const out: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === "string") out.push(v);
  };
  add(e.meta?.target);
  const constraint = e.meta?.driverAdapterError?.cause?.constraint;
  add(constraint?.fields);
  add(constraint?.index);
  return out;
}

/** True when `error` is a unique violation that involves `field` (matched by name or index name). */
export function isUniqueViolationOn(error: unknown, field: string): boolean {
  const targets = uniqueViolationTargets(error);
  return targets !== null && targets.some((t) => t === field || t.split("_").includes(field));
}
