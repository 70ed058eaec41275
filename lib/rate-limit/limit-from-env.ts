// A rate limit read from the environment: a whole number >= 0 (0 turns the limit off). A value that
// is not one is a typo, and a typo must not turn every request into a 500 nor switch a limit off:
// it is logged once and the default applies.
type Env = Record<string, string | undefined>;

const warned = new Set<string>();

export function limitFromEnv(name: string, fallback: number, env: Env = process.env): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && Number.isSafeInteger(value)) return value;
  const warning = `${name}=${JSON.stringify(raw)}`;
  if (!warned.has(warning)) {
    warned.add(warning);
    console.warn(`[rate-limit] ${name} must be a whole number >= 0 (0 turns the limit off), got ${JSON.stringify(raw)}; using ${fallback}`);
  }
  return fallback;
}
