// Stripe's request encoding: application/x-www-form-urlencoded bodies (and query strings) with
// bracket notation, e.g. `line_items[0][price_data][unit_amount]=1000`, `metadata[order]=5`,
// `expand[]=payment_intent`. parseParams turns that into nested objects.
//
// Indexed keys (`a[0]`, `a[1]`) become objects with numeric keys, not arrays: `metadata[5]=x` is a
// map entry, and only the route knows which fields are lists. asList() reads either form.

export type ParamValue = string | ParamObject | ParamValue[];
export interface ParamObject {
  [key: string]: ParamValue;
}

/** Splits `a[b][0][]` into ["a", "b", "0", ""]. A key without brackets is one segment. */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  pattern.lastIndex = open;
  let match: RegExpExecArray | null;
  let end = open;
  while ((match = pattern.exec(key)) !== null) {
    if (match.index !== end) break;
    segments.push(match[1] ?? "");
    end = pattern.lastIndex;
  }
  // Anything malformed after the last bracket is kept as part of the last segment.
  if (end < key.length) segments[segments.length - 1] += key.slice(end);
  return segments;
}

/** Appends to a list from `a[]…`: `rest` is what follows the empty brackets. */
function append(list: ParamValue[], rest: string[], value: string): void {
  if (rest.length === 0) {
    list.push(value);
    return;
  }
  // `a[][b]=1&a[][c]=2` is ambiguous; Stripe's clients never send it. Each one starts an element.
  const child: ParamObject = {};
  list.push(child);
  assign(child, rest, value);
}

function assign(target: ParamObject, segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  let child = target[head];
  if (rest[0] === "") {
    if (!Array.isArray(child)) {
      child = isParamObject(child) ? Object.values(child) : [];
      target[head] = child;
    }
    append(child, rest.slice(1), value);
    return;
  }
  if (!isParamObject(child)) {
    child = {};
    target[head] = child;
  }
  assign(child, rest, value);
}

/** Never assigned: they would reach Object.prototype. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Parses a form-encoded body or a query string (with or without the leading "?"). */
export function parseParams(encoded: string): ParamObject {
  const result: ParamObject = {};
  const search = new URLSearchParams(encoded.startsWith("?") ? encoded.slice(1) : encoded);
  for (const [key, value] of search) {
    if (!key) continue;
    const segments = splitKey(key);
    if (segments.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    assign(result, segments, value);
  }
  return result;
}

export function isParamObject(value: ParamValue | undefined): value is ParamObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A list parameter sent as `a[0]=x&a[1]=y`, `a[]=x&a[]=y` or (for one element) `a=x`; null when the
 * value cannot be a list. Numeric keys are taken in numeric order.
 */
export function asList(value: ParamValue | undefined): ParamValue[] | null {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value === "" ? [] : [value];
  const keys = Object.keys(value);
  if (!keys.every((k) => /^\d+$/.test(k))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as ParamValue);
}

/** A canonical string for comparing two parameter sets (idempotency): key order does not matter. */
export function canonicalParams(value: ParamValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k])}`).join(",")}}`;
}
