// A rate limit read from the environment: a whole number >= 0 (0 turns the limit off). A value that
// is not one is a typo, and a typo must not turn every request into a 500 nor switch a limit off:
// it is logged once and the default applies (the shape and the report: lib/config/env.ts).
import { wholeNumberSetting, type Env } from "@/lib/config/env";

export function limitFromEnv(name: string, fallback: number, env: Env = process.env): number {
  return wholeNumberSetting(name, fallback, env);
}
