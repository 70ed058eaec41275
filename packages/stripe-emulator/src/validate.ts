// Reading request parameters the way Stripe validates them, with Stripe's messages and codes.
import { invalidRequest, missingParam, unknownParam } from "./errors";
import { asList, isParamObject, type ParamObject, type ParamValue } from "./form";

/** For each accepted key: "ok" (implemented or harmlessly ignored) or "unsupported" (real Stripe parameter the emulator does not implement). */
export type KeyRules = Record<string, "ok" | "unsupported">;

export const child = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

/** Rejects keys Stripe would not know ("Received unknown parameter") or the emulator does not implement. */
export function checkKeys(params: ParamObject, rules: KeyRules, prefix = ""): void {
  for (const key of Object.keys(params)) {
    const rule = rules[key];
    if (rule === "ok") continue;
    throw unknownParam(child(prefix, key), rule === "unsupported");
  }
}

export function readObject(params: ParamObject, key: string, name: string): ParamObject | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === "") return {};
  if (!isParamObject(value)) throw invalidRequest(`Invalid object`, name, "parameter_invalid_object");
  return value;
}

export function readString(params: ParamObject, key: string, name: string, opts: { max?: number } = {}): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid string: ${name} must be a string`, name);
  if (opts.max !== undefined && value.length > opts.max) {
    throw invalidRequest(`Invalid string: ${value.slice(0, 20)}...; must be at most ${opts.max} characters`, name);
  }
  return value;
}

function emptyStringError(name: string) {
  return invalidRequest(
    `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
    name,
    "parameter_invalid_empty",
  );
}

export function readRequiredString(params: ParamObject, key: string, name: string, opts: { max?: number } = {}): string {
  const value = readString(params, key, name, opts);
  if (value === undefined) throw missingParam(name);
  if (value === "") throw emptyStringError(name);
  return value;
}

/** A non-empty string when present (an empty string cannot unset these). */
export function readOptionalNonEmpty(params: ParamObject, key: string, name: string, opts: { max?: number } = {}): string | undefined {
  const value = readString(params, key, name, opts);
  if (value === "") throw emptyStringError(name);
  return value;
}

export function parseInteger(value: ParamValue | undefined, name: string, opts: { min?: number; max?: number } = {}): number {
  if (typeof value !== "string" || !/^-?\d+$/.test(value.trim())) {
    throw invalidRequest(`Invalid integer: ${typeof value === "string" ? value : "(object)"}`, name, "parameter_invalid_integer");
  }
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n)) throw invalidRequest(`Invalid integer: ${value}`, name, "parameter_invalid_integer");
  if (opts.min !== undefined && n < opts.min) {
    throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, name, "parameter_invalid_integer");
  }
  if (opts.max !== undefined && n > opts.max) {
    throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, name, "parameter_invalid_integer");
  }
  return n;
}

export function readInteger(params: ParamObject, key: string, name: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  return parseInteger(value, name, opts);
}

export function readBoolean(params: ParamObject, key: string, name: string): boolean | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidRequest(`Invalid boolean: ${typeof value === "string" ? value : "(object)"}`, name, "parameter_invalid_boolean");
}

export function readEnum<T extends string>(params: ParamObject, key: string, name: string, allowed: readonly T[]): T | undefined {
  const value = readString(params, key, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")}, or ${allowed[allowed.length - 1]}` : allowed[0];
    throw invalidRequest(`Invalid ${key}: must be one of ${list}`, name);
  }
  return value as T;
}

export function readStringList(params: ParamObject, key: string, name: string): string[] | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  const list = asList(value);
  if (!list) throw invalidRequest(`Invalid array`, name, "parameter_invalid_array");
  return list.map((item, i) => {
    if (typeof item !== "string") throw invalidRequest(`Invalid string`, `${name}[${i}]`);
    return item;
  });
}

export function readObjectList(params: ParamObject, key: string, name: string): ParamObject[] | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  const list = asList(value);
  if (!list) throw invalidRequest(`Invalid array`, name, "parameter_invalid_array");
  return list.map((item, i) => {
    if (!isParamObject(item)) throw invalidRequest(`Invalid object`, `${name}[${i}]`, "parameter_invalid_object");
    return item;
  });
}

/** Stripe's metadata rules: up to 50 keys, keys up to 40 characters, values up to 500; "" unsets a key. */
export function readMetadata(params: ParamObject, key: string, name: string): Record<string, string> | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (value === "") return {};
  if (!isParamObject(value)) throw invalidRequest(`Invalid object`, name, "parameter_invalid_object");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const param = `${name}[${k}]`;
    if (typeof v !== "string") throw invalidRequest(`Metadata values must be strings (${param}).`, param);
    if (k.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters (${k}).`, param);
    if (v.length > 500) throw invalidRequest(`Metadata values can have up to 500 characters (${param}).`, param);
    if (v !== "") out[k] = v;
  }
  if (Object.keys(out).length > 50) throw invalidRequest(`You can have up to 50 metadata keys.`, name);
  return out;
}

export function readUrl(params: ParamObject, key: string, name: string): string | undefined {
  const value = readOptionalNonEmpty(params, key, name, { max: 5000 });
  if (value === undefined) return undefined;
  let ok = false;
  try {
    const url = new URL(value.replace(/\{CHECKOUT_SESSION_ID\}/g, "cs"));
    ok = url.protocol === "http:" || url.protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok) throw invalidRequest("Not a valid URL", name, "url_invalid");
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function readEmail(params: ParamObject, key: string, name: string): string | undefined {
  const value = readOptionalNonEmpty(params, key, name, { max: 800 });
  if (value === undefined) return undefined;
  if (!isEmail(value)) throw invalidRequest(`Invalid email address: ${value}`, name, "email_invalid");
  return value;
}

export function readExpand(params: ParamObject): string[] {
  return readStringList(params, "expand", "expand") ?? [];
}
