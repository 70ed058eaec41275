// `npm run check:vercel`: builds the app the way Vercel does, offline, and checks the output
// (scripts/vercel/check-output.ts: the cron, function sizes, no dev-only packages, Node.js runtime,
// the SSE routes' maxDuration). Run by scripts/test-all.sh after the other steps.
//
// 1. Writes a throwaway .vercel/project.json whose `settings` block names the framework, so
//    `vercel build` needs no login and pulls nothing from Vercel (.vercel/ is git-ignored; a real
//    project link found there is set aside and put back afterwards).
// 2. Runs `vercel build --yes --standalone` (standalone: every function directory holds its own
//    files, which is what the size limit is measured on). Its time is printed.
// 3. Checks .vercel/output and prints the functions with their sizes.
// 4. Self-test: doctored copies of the real output (hard-linked, the doctored files replaced, never
//    written through) must each fail their check: a missing cron, an oversized bundle, a bundled
//    PGlite, schema engine or Stripe emulator, an edge runtime, a stream without maxDuration. A
//    check that cannot fail is no check.
//
// Usage: npm run check:vercel [-- --no-build] [--no-self-test] [--output DIR]
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { SSE_MAX_DURATION_SECONDS } from "../lib/http/event-tickers";
import { checkVercelOutput, FUNCTION_SIZE_LIMIT_BYTES, mb, type CheckName, type CheckOptions, type OutputReport } from "./vercel/check-output";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    "no-self-test": { type: "boolean", default: false },
    output: { type: "string" },
  },
});
const outputDir = path.resolve(flags.output ?? path.join(root, ".vercel/output"));

/** The SSE routes (app/api/events/[event_id]/stream, .../queue/stream) and the maxDuration they export. */
export const STREAM_ROUTES: Record<string, number> = {
  "api/events/[event_id]/stream": SSE_MAX_DURATION_SECONDS,
  "api/events/[event_id]/queue/stream": SSE_MAX_DURATION_SECONDS,
  "api/admin/events/[event_id]/sales/stream": SSE_MAX_DURATION_SECONDS,
};
const checkOptions: CheckOptions = { root, streamRoutes: STREAM_ROUTES };

const PROJECT_MARKER = "openseat-offline-check";

function writeProjectFile(): () => void {
  const dir = path.join(root, ".vercel");
  const file = path.join(dir, "project.json");
  const backup = path.join(dir, "project.json.linked");
  mkdirSync(dir, { recursive: true });
  let restore = () => rmSync(file, { force: true });
  if (existsSync(file) && !readFileSync(file, "utf8").includes(PROJECT_MARKER)) {
    renameSync(file, backup); // a developer's real `vercel link`
    restore = () => renameSync(backup, file);
  }
  const project = {
    projectId: `prj_${PROJECT_MARKER}`,
    orgId: `team_${PROJECT_MARKER}`,
    projectName: "openseat",
    settings: {
      framework: "nextjs",
      // Must agree with package.json `engines` (docs/deploying.md, "Node version").
      nodeVersion: "24.x",
      // CI ran `npm ci` already; Vercel's own builds install as usual.
      installCommand: "true",
      buildCommand: null,
      outputDirectory: null,
      rootDirectory: null,
      devCommand: null,
      commandForIgnoringBuildStep: null,
    },
  };
  writeFileSync(file, `${JSON.stringify(project, null, 2)}\n`);
  return restore;
}

function build(): number {
  const restore = writeProjectFile();
  const started = process.hrtime.bigint();
  try {
    console.info("== vercel build --yes --standalone (offline: the project settings come from .vercel/project.json)");
    const result = spawnSync(path.join(root, "node_modules/.bin/vercel"), ["build", "--yes", "--standalone"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, VERCEL_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1", VERCEL_ANALYTICS_ID: "" },
    });
    if (result.status !== 0) throw new Error(`vercel build failed (exit ${result.status ?? result.signal})`);
  } finally {
    restore();
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function printReport(report: OutputReport): void {
  console.info(`\nFunctions (${report.functions.length} bundles, limit ${mb(FUNCTION_SIZE_LIMIT_BYTES)} each, measured on the --standalone output):`);
  for (const f of report.functions) {
    const routes = f.routes.filter((r) => !r.endsWith(".rsc") && !r.includes(".segments/"));
    console.info(
      `  ${mb(f.bytes).padStart(9)}  ${String(f.files).padStart(5)} files  ${f.runtime.padEnd(10)} maxDuration ${String(f.maxDuration ?? "-").padEnd(4)} ${f.name}  (${routes.length} routes${routes.length > 0 && routes.length <= 4 ? `: ${routes.join(", ")}` : ""})`,
    );
  }
  console.info(`Crons: ${report.crons.map((c) => `${c.path} "${c.schedule}"`).join(", ") || "none"}`);
}

// ---- the self-test: doctored copies must fail

/** Replaces a file in the hard-linked copy without writing through to the original. */
function replaceFile(file: string, text: string): void {
  unlinkSync(file);
  writeFileSync(file, text);
}

function copyOutput(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "openseat-vercel-output-"));
  const copy = path.join(dir, "output");
  execFileSync("cp", ["-al", outputDir, copy]); // hard links: no data copied
  return copy;
}

function biggestFunction(report: OutputReport): string {
  const api = report.functions.find((f) => f.routes.includes("api/health")) ?? report.functions[0];
  if (!api) throw new Error("no function to doctor");
  return api.name;
}

const DOCTORS: Array<{ name: string; expect: CheckName; doctor: (copy: string, report: OutputReport) => void }> = [
  {
    name: "the cron removed from config.json",
    expect: "cron",
    doctor: (copy) => {
      const file = path.join(copy, "config.json");
      const config = JSON.parse(readFileSync(file, "utf8")) as { crons?: unknown[] };
      config.crons = [];
      replaceFile(file, JSON.stringify(config));
    },
  },
  {
    name: "a function over 250 MB",
    expect: "size",
    doctor: (copy, report) => {
      // A sparse file: its size counts, no disk is used.
      const fd = openSync(path.join(copy, "functions", biggestFunction(report), "oversized.bin"), "w");
      ftruncateSync(fd, FUNCTION_SIZE_LIMIT_BYTES + 1);
      closeSync(fd);
    },
  },
  {
    name: "PGlite in a function's node_modules",
    expect: "dev-only",
    doctor: (copy, report) => {
      const dir = path.join(copy, "functions", biggestFunction(report), "node_modules/@electric-sql/pglite/dist");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "index.js"), "export {};\n");
    },
  },
  {
    name: "Prisma's schema engine in a function's node_modules",
    expect: "dev-only",
    doctor: (copy, report) => {
      const dir = path.join(copy, "functions", biggestFunction(report), "node_modules/@prisma/schema-engine-wasm");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "schema_engine_bg.wasm"), "");
    },
  },
  {
    name: "the Stripe emulator bundled into a chunk",
    expect: "dev-only",
    doctor: (copy, report) => {
      const dir = path.join(copy, "functions", biggestFunction(report), ".next/server/chunks");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "doctored-emulator.js"), 'module.exports={server:"openseat-stripe-emulator"};\n');
    },
  },
  {
    name: "the API function built for the edge",
    expect: "runtime",
    doctor: (copy, report) => {
      const file = path.join(copy, "functions", biggestFunction(report), ".vc-config.json");
      const vc = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      replaceFile(file, JSON.stringify({ ...vc, runtime: "edge", entrypoint: "index.js" }));
    },
  },
  {
    name: "a stream function without maxDuration",
    expect: "streams",
    doctor: (copy, report) => {
      const stream = report.functions.find((f) => f.routes.includes("api/events/[event_id]/stream"));
      if (!stream) throw new Error("no stream function to doctor");
      const file = path.join(copy, "functions", stream.name, ".vc-config.json");
      const vc = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      delete vc.maxDuration;
      replaceFile(file, JSON.stringify(vc));
    },
  },
];

function selfTest(report: OutputReport): string[] {
  const failures: string[] = [];
  for (const { name, expect, doctor } of DOCTORS) {
    const copy = copyOutput();
    try {
      doctor(copy, report);
      const doctored = checkVercelOutput(copy, checkOptions);
      const caught = doctored.problems.filter((p) => p.check === expect);
      if (caught.length === 0) failures.push(`${name}: the ${expect} check did not fail`);
      else console.info(`  ok: ${name} -> ${caught[0]?.message}`);
    } finally {
      rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  }
  // The original is untouched (the copies were hard links).
  if (checkVercelOutput(outputDir, checkOptions).problems.length > 0) failures.push("the self-test changed the real output");
  return failures;
}

function main(): void {
  if (!flags["no-build"]) {
    const seconds = build();
    console.info(`vercel build took ${seconds.toFixed(1)} s`);
  }
  const report = checkVercelOutput(outputDir, checkOptions);
  printReport(report);
  if (report.problems.length > 0) {
    console.error(`\n${report.problems.length} problem(s) in ${path.relative(root, outputDir) || outputDir}:`);
    for (const p of report.problems) console.error(`  [${p.check}] ${p.message}`);
    process.exit(1);
  }
  console.info("\nThe Vercel output passes: cron, sizes, no dev-only packages, Node.js runtime, stream maxDuration.");
  if (!flags["no-self-test"]) {
    console.info("Self-test (each doctored copy of the output must fail its check):");
    const started = Date.now();
    const failures = selfTest(report);
    console.info(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (failures.length > 0) {
      for (const f of failures) console.error(`  FAILED: ${f}`);
      process.exit(1);
    }
  }
}

main();
