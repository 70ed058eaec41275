// Checks a Vercel Build Output API directory (`.vercel/output`, what `vercel build` writes) for what
// OpenSeat needs on Vercel (scripts/vercel-check.ts runs it after an offline `vercel build`):
//
// - cron: every cron of vercel.json (the hold sweep, /api/cron/expire-holds) is in config.json, and
//   its route has a function;
// - size: every function bundle is at most the platform's limit (250 MB uncompressed), measured
//   as the bytes of the files a `--standalone` build copies into the .func directory (plus any
//   files a non-standalone build lists in `filePathMap`);
// - dev-only code: no function carries PGlite, Prisma's schema engine (or the Prisma CLI that ships
//   it), or the Stripe emulator, whether as files under node_modules or bundled into a chunk (the
//   emulator names itself in its code: EMULATOR_SERVER_HEADER);
// - runtime: every route handler of app/ has a function and it runs on Node.js (nothing here is
//   written for the edge runtime: Prisma over pg, ioredis, argon2, node:crypto);
// - streams: the SSE routes' functions have the maxDuration their routes export.
//
// Pure reading: it never changes the output. Problems are returned with a `check` name, so a test
// can tell which check failed.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, existsSync } from "node:fs";
import path from "node:path";

/** Vercel's limit for one function, uncompressed (https://vercel.com/docs/functions/limitations). */
export const FUNCTION_SIZE_LIMIT_BYTES = 250 * 1024 * 1024;

export type CheckName = "cron" | "size" | "dev-only" | "runtime" | "streams" | "output";

export type Problem = { check: CheckName; message: string };

export type FunctionReport = {
  /** The .func directory, relative to output/functions (e.g. "api/[...path].func"). */
  name: string;
  bytes: number;
  files: number;
  runtime: string;
  maxDuration: number | null;
  /** Route paths served by this bundle (its own and every symlink to it), e.g. "api/health". */
  routes: string[];
};

export type OutputReport = { functions: FunctionReport[]; crons: Array<{ path: string; schedule: string }>; problems: Problem[] };

/** Paths inside a function that mean a dev-only package was bundled. */
export const FORBIDDEN_PATHS: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /(^|\/)node_modules\/@electric-sql\/pglite(-socket)?\//, what: "PGlite (@electric-sql/pglite), the embedded database of the demo and tests" },
  { pattern: /(^|\/)node_modules\/@prisma\/schema-engine-wasm\//, what: "Prisma's schema engine (@prisma/schema-engine-wasm), for migrations only" },
  { pattern: /(^|\/)node_modules\/@prisma\/engines\//, what: "Prisma's engines package (schema engine binaries)" },
  { pattern: /(^|\/)node_modules\/prisma\//, what: "the Prisma CLI (ships the schema engine)" },
  { pattern: /(^|\/)node_modules\/@openseat\/stripe-emulator\/|(^|\/)packages\/stripe-emulator\//, what: "the Stripe emulator (@openseat/stripe-emulator)" },
];

/** Strings that mean dev-only code was bundled into a chunk (searched in .js/.cjs/.mjs files). */
export const FORBIDDEN_CONTENT: Array<{ text: string; what: string }> = [
  { text: "openseat-stripe-emulator", what: "the Stripe emulator (@openseat/stripe-emulator), bundled into a chunk" },
  { text: "schema_engine_bg.wasm", what: "Prisma's schema engine, bundled into a chunk" },
  { text: "pglite.wasm", what: "PGlite, bundled into a chunk" },
];

export type CheckOptions = {
  /** The repository root: vercel.json and app/ are read from here. */
  root: string;
  /** Route paths whose functions must have this maxDuration (the SSE routes). */
  streamRoutes?: Record<string, number>;
  sizeLimitBytes?: number;
};

type VcConfig = { runtime?: string; maxDuration?: number; filePathMap?: Record<string, string> };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** Every `X.func` under dir (directories and symlinks), as paths relative to dir. */
function listFuncEntries(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name.endsWith(".func")) out.push(rel);
    else if (entry.isDirectory()) out.push(...listFuncEntries(dir, rel));
  }
  return out;
}

/** Regular files under a .func directory (symlinks inside it are not followed: they point inside). */
function walkFiles(dir: string, prefix = ""): Array<{ rel: string; bytes: number }> {
  const out: Array<{ rel: string; bytes: number }> = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walkFiles(dir, rel));
    else if (entry.isFile()) out.push({ rel, bytes: lstatSync(path.join(dir, rel)).size });
  }
  return out;
}

/** app/**\/route.ts -> the function path Vercel gives it ("api/events/[event_id]/stream"). */
export function routeHandlerPaths(appDir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(appDir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...routeHandlerPaths(appDir, rel));
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) {
      const segments = prefix.split("/").filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
      out.push(segments.length ? segments.join("/") : "index");
    }
  }
  return out.sort();
}

// What each file's content matched, by inode: the self-test's hard-linked copies of the output
// share the original's files, so each is read once however many copies are checked.
const contentScans = new Map<string, string[]>();

function forbiddenContentOf(file: string): string[] {
  const st = statSync(file);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  let found = contentScans.get(key);
  if (!found) {
    const text = readFileSync(file, "latin1");
    found = FORBIDDEN_CONTENT.filter(({ text: marker }) => text.includes(marker)).map(({ what }) => what);
    contentScans.set(key, found);
  }
  return found;
}

export function checkVercelOutput(outputDir: string, options: CheckOptions): OutputReport {
  const problems: Problem[] = [];
  const limit = options.sizeLimitBytes ?? FUNCTION_SIZE_LIMIT_BYTES;
  const functionsDir = path.join(outputDir, "functions");
  const configFile = path.join(outputDir, "config.json");
  if (!existsSync(configFile) || !existsSync(functionsDir)) {
    return { functions: [], crons: [], problems: [{ check: "output", message: `${outputDir} is not a Build Output API directory (no config.json or functions/)` }] };
  }

  // ---- functions: one report per real bundle, with the routes that point at it
  const bundles = new Map<string, FunctionReport & { dir: string }>();
  const routeToBundle = new Map<string, string>();
  for (const entry of listFuncEntries(functionsDir)) {
    const full = path.join(functionsDir, entry);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      problems.push({ check: "output", message: `functions/${entry} is a broken link` });
      continue;
    }
    const route = entry.replace(/\.func$/, "");
    routeToBundle.set(route, real);
    let bundle = bundles.get(real);
    if (!bundle) {
      const vc = existsSync(path.join(real, ".vc-config.json")) ? readJson<VcConfig>(path.join(real, ".vc-config.json")) : {};
      const files = statSync(real).isDirectory() ? walkFiles(real) : [];
      const mapped = Object.entries(vc.filePathMap ?? {}).map(([rel, source]) => {
        const file = path.resolve(options.root, source);
        return { rel, bytes: existsSync(file) ? statSync(file).size : 0 };
      });
      const all = [...files, ...mapped];
      bundle = {
        dir: real,
        name: path.relative(functionsDir, real),
        bytes: all.reduce((sum, f) => sum + f.bytes, 0),
        files: all.length,
        runtime: vc.runtime ?? "(none)",
        maxDuration: vc.maxDuration ?? null,
        routes: [],
      };
      bundles.set(real, bundle);

      if (bundle.bytes > limit) {
        problems.push({ check: "size", message: `${bundle.name} is ${mb(bundle.bytes)} uncompressed, over the ${mb(limit)} limit of a Vercel function` });
      }
      const forbidden = new Set<string>();
      for (const f of all) for (const { pattern, what } of FORBIDDEN_PATHS) if (pattern.test(f.rel)) forbidden.add(`${what} (${f.rel})`);
      for (const f of files) {
        if (!/\.(c|m)?js$/.test(f.rel)) continue;
        for (const what of forbiddenContentOf(path.join(real, f.rel))) forbidden.add(`${what} (${f.rel})`);
      }
      // One line per package, with its first file, not one per file.
      const seen = new Set<string>();
      for (const line of forbidden) {
        const what = line.slice(0, line.lastIndexOf(" ("));
        if (seen.has(what)) continue;
        seen.add(what);
        problems.push({ check: "dev-only", message: `${bundle.name} bundles ${line}` });
      }
      if (!(vc.runtime ?? "").startsWith("nodejs")) {
        problems.push({ check: "runtime", message: `${bundle.name} runs on ${vc.runtime ?? "no runtime"}, not Node.js: OpenSeat's code needs Node (pg, ioredis, argon2, node:crypto)` });
      }
    }
    bundle.routes.push(route);
  }

  // ---- every route handler has a Node.js function
  const appDir = path.join(options.root, "app");
  if (existsSync(appDir)) {
    for (const route of routeHandlerPaths(appDir)) {
      if (!routeToBundle.has(route)) problems.push({ check: "runtime", message: `the route handler ${route} has no function in the output` });
    }
  }

  // ---- streams: maxDuration as the routes export it
  for (const [route, seconds] of Object.entries(options.streamRoutes ?? {})) {
    const real = routeToBundle.get(route);
    const bundle = real ? bundles.get(real) : undefined;
    if (!bundle) problems.push({ check: "streams", message: `the stream route ${route} has no function in the output` });
    else if (bundle.maxDuration !== seconds) {
      problems.push({ check: "streams", message: `${route} (${bundle.name}) has maxDuration ${bundle.maxDuration ?? "unset (the platform default)"}, expected ${seconds}` });
    }
  }

  // ---- crons: vercel.json's, in the output, each with a function
  const config = readJson<{ crons?: Array<{ path: string; schedule: string }> }>(configFile);
  const crons = config.crons ?? [];
  const vercelJson = path.join(options.root, "vercel.json");
  const wanted = existsSync(vercelJson) ? (readJson<{ crons?: Array<{ path: string; schedule: string }> }>(vercelJson).crons ?? []) : [];
  if (wanted.length === 0) problems.push({ check: "cron", message: "vercel.json declares no cron: the hold sweep (/api/cron/expire-holds) would never run on Vercel" });
  for (const cron of wanted) {
    const found = crons.find((c) => c.path === cron.path);
    if (!found) problems.push({ check: "cron", message: `the cron ${cron.path} (${cron.schedule}) of vercel.json is not in config.json` });
    else if (found.schedule !== cron.schedule) problems.push({ check: "cron", message: `the cron ${cron.path} runs "${found.schedule}" in the output, "${cron.schedule}" in vercel.json` });
    const route = cron.path.replace(/^\//, "").split("?")[0] ?? "";
    if (!routeToBundle.has(route)) problems.push({ check: "cron", message: `the cron ${cron.path} has no function in the output` });
  }

  const functions: FunctionReport[] = [...bundles.values()]
    .map((b) => ({ name: b.name, bytes: b.bytes, files: b.files, runtime: b.runtime, maxDuration: b.maxDuration, routes: b.routes.sort() }))
    .sort((a, b) => b.bytes - a.bytes);
  return { functions, crons, problems };
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
