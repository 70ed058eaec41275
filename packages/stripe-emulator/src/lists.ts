// Stripe's list parameters: cursor pagination and `created` range filters.
import { invalidRequest } from "./errors";
import type { ParamObject } from "./form";
import type { ApiList } from "./objects";
import { checkKeys, parseInteger, readInteger, readString } from "./validate";

/** `created=<ts>` or `created[gt|gte|lt|lte]=<ts>` as a predicate. */
export function readCreatedFilter(params: ParamObject): (created: number) => boolean {
  const value = params.created;
  if (value === undefined) return () => true;
  if (typeof value === "string") {
    const exact = parseInteger(value, "created");
    return (c) => c === exact;
  }
  if (Array.isArray(value)) throw invalidRequest("Invalid created filter", "created");
  checkKeys(value, { gt: "ok", gte: "ok", lt: "ok", lte: "ok" }, "created");
  const bound = (key: string) => readInteger(value, key, `created[${key}]`);
  const gt = bound("gt");
  const gte = bound("gte");
  const lt = bound("lt");
  const lte = bound("lte");
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

/**
 * Stripe's cursor pagination over `items` (already in list order): `limit` (1-100, default 10),
 * `starting_after` / `ending_before` (ids that must exist in the list).
 */
export function paginate<T extends { id: string }>(items: T[], params: ParamObject, url: string, objectName: string): ApiList<T> {
  const limit = readInteger(params, "limit", "limit", { min: 1, max: 100 }) ?? 10;
  const startingAfter = readString(params, "starting_after", "starting_after");
  const endingBefore = readString(params, "ending_before", "ending_before");
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: starting_after, ending_before.", "starting_after");
  }
  const indexOf = (id: string, param: string) => {
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw invalidRequest(`No such ${objectName}: '${id}'`, param, "resource_missing");
    return index;
  };
  if (endingBefore !== undefined) {
    const end = indexOf(endingBefore, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = startingAfter !== undefined ? indexOf(startingAfter, "starting_after") + 1 : 0;
  const data = items.slice(start, start + limit);
  return { object: "list", data, has_more: start + limit < items.length, url };
}
