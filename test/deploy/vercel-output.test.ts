// The Vercel output checker (scripts/vercel/check-output.ts) on small Build Output API trees made
// here: a good one passes, and each way of breaking it fails its own check. `npm run check:vercel`
// runs the same checker on a real `vercel build` and on doctored copies of it.
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkVercelOutput, FUNCTION_SIZE_LIMIT_BYTES, routeHandlerPaths, type CheckOptions } from "@/scripts/vercel/check-output";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const STREAM = "api/events/[event_id]/stream";
const CRON = { path: "/api/cron/expire-holds", schedule: "* * * * *" };

type Fixture = { root: string; output: string; options: CheckOptions; fn: (name: string) => string };

/** A repository with three route handlers and the output a good build gives for it. */
function goodBuild(): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), "openseat-vercel-check-"));
  dirs.push(root);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write("vercel.json", JSON.stringify({ crons: [CRON] }));
  for (const route of ["api/health", "api/cron/expire-holds", STREAM, "(shop)/api/orders"]) write(`app/${route}/route.ts`, "export {};\n");
  write("app/page.tsx", "export default function Page() { return null; }\n");

  const output = path.join(root, ".vercel/output");
  write(".vercel/output/config.json", JSON.stringify({ version: 3, routes: [], crons: [CRON] }));
  const fn = (name: string) => path.join(output, "functions", name);
  const bundle = (name: string, vc: Record<string, unknown>) => {
    write(path.relative(root, path.join(fn(name), ".vc-config.json")), JSON.stringify({ runtime: "nodejs22.x", handler: "___next_launcher.cjs", ...vc }));
    write(path.relative(root, path.join(fn(name), ".next/server/app/page.js")), "module.exports = 'the app';\n");
    write(path.relative(root, path.join(fn(name), "node_modules/pg/package.json")), "{}");
  };
  bundle("api/[...path].func", {});
  bundle("api/events/[event_id]/stream.func", { maxDuration: 300 });
  bundle("index.func", {});
  const link = (from: string, to: string) => {
    mkdirSync(path.dirname(fn(from)), { recursive: true });
    symlinkSync(to, fn(from));
  };
  link("api/health.func", "[...path].func");
  link("api/cron/expire-holds.func", "../[...path].func");
  link("api/orders.func", "[...path].func");
  link("api/events/[event_id]/stream.rsc.func", "stream.func");
  return { root, output, fn, options: { root, streamRoutes: { [STREAM]: 300 } } };
}

const checksFailing = (f: Fixture) => [...new Set(checkVercelOutput(f.output, f.options).problems.map((p) => p.check))];

describe("checkVercelOutput", () => {
  it("passes a good build and reports each bundle once, with the routes that share it", () => {
    const f = goodBuild();
    const report = checkVercelOutput(f.output, f.options);
    expect(report.problems).toEqual([]);
    expect(report.crons).toEqual([CRON]);
    expect(report.functions.map((b) => b.name).sort()).toEqual(["api/[...path].func", "api/events/[event_id]/stream.func", "index.func"]);
    const api = report.functions.find((b) => b.name === "api/[...path].func");
    expect(api?.routes).toEqual(["api/[...path]", "api/cron/expire-holds", "api/health", "api/orders"]);
    expect(api?.runtime).toBe("nodejs22.x");
    expect(api?.bytes).toBeGreaterThan(0);
  });

  it("maps route handlers to function paths (route groups dropped)", () => {
    const f = goodBuild();
    expect(routeHandlerPaths(path.join(f.root, "app"))).toEqual(["api/cron/expire-holds", "api/events/[event_id]/stream", "api/health", "api/orders"]);
  });

  it("fails when the cron is missing from config.json, or has no function", () => {
    const f = goodBuild();
    writeFileSync(path.join(f.output, "config.json"), JSON.stringify({ version: 3, routes: [] }));
    expect(checksFailing(f)).toEqual(["cron"]);

    const g = goodBuild();
    rmSync(g.fn("api/cron/expire-holds.func"));
    // The route handler lost its function too: both say so.
    expect(checksFailing(g).sort()).toEqual(["cron", "runtime"]);
  });

  it("fails when vercel.json has no cron at all", () => {
    const f = goodBuild();
    writeFileSync(path.join(f.root, "vercel.json"), JSON.stringify({}));
    expect(checkVercelOutput(f.output, f.options).problems).toEqual([{ check: "cron", message: expect.stringMatching(/declares no cron/) }]);
  });

  it("fails a bundle over 250 MB uncompressed, and passes one at the limit", () => {
    const f = goodBuild();
    const api = checkVercelOutput(f.output, f.options).functions.find((b) => b.name === "api/[...path].func");
    // Sparse files: sizes count, no disk is used.
    const fd = openSync(path.join(f.fn("api/[...path].func"), "big.bin"), "w");
    ftruncateSync(fd, FUNCTION_SIZE_LIMIT_BYTES - (api?.bytes ?? 0));
    closeSync(fd);
    expect(checksFailing(f)).toEqual([]);
    writeFileSync(path.join(f.fn("api/[...path].func"), "one-more-byte"), "x");
    const problems = checkVercelOutput(f.output, f.options).problems;
    expect(problems).toEqual([{ check: "size", message: expect.stringMatching(/api\/\[\.\.\.path\]\.func is 250\.0 MB uncompressed, over the 250\.0 MB limit/) }]);
  });

  it("counts the files a non-standalone build lists in filePathMap", () => {
    const f = goodBuild();
    const fd = openSync(path.join(f.root, "huge-source.bin"), "w");
    ftruncateSync(fd, FUNCTION_SIZE_LIMIT_BYTES + 1);
    closeSync(fd);
    writeFileSync(
      path.join(f.fn("index.func"), ".vc-config.json"),
      JSON.stringify({ runtime: "nodejs22.x", filePathMap: { "node_modules/x/huge.bin": "huge-source.bin" } }),
    );
    expect(checksFailing(f)).toEqual(["size"]);
  });

  it.each([
    ["PGlite", "node_modules/@electric-sql/pglite/dist/index.js", /PGlite/],
    ["pglite-socket", "node_modules/@electric-sql/pglite-socket/dist/index.js", /PGlite/],
    ["the schema engine", "node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm", /schema engine/],
    ["the Prisma CLI", "node_modules/prisma/build/index.js", /Prisma CLI/],
    ["the Stripe emulator package", "node_modules/@openseat/stripe-emulator/src/server.ts", /Stripe emulator/],
    ["the Stripe emulator's source", "packages/stripe-emulator/src/api.ts", /Stripe emulator/],
  ])("fails a bundle carrying %s", (_what, file, message) => {
    const f = goodBuild();
    const full = path.join(f.fn("api/[...path].func"), file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, "");
    const problems = checkVercelOutput(f.output, f.options).problems;
    expect(problems).toEqual([{ check: "dev-only", message: expect.stringMatching(message) }]);
  });

  it("fails a chunk that has the Stripe emulator or the schema engine bundled into it", () => {
    const f = goodBuild();
    writeFileSync(path.join(f.fn("index.func"), ".next/server/app/page.js"), 'const h={server:"openseat-stripe-emulator"};\n');
    expect(checkVercelOutput(f.output, f.options).problems).toEqual([{ check: "dev-only", message: expect.stringMatching(/index\.func bundles the Stripe emulator.*page\.js/) }]);
    writeFileSync(path.join(f.fn("index.func"), ".next/server/app/page.js"), 'new URL("schema_engine_bg.wasm", import.meta.url);\n');
    expect(checksFailing(f)).toEqual(["dev-only"]);
  });

  it("fails a function built for the edge, and a route handler without a function", () => {
    const f = goodBuild();
    writeFileSync(path.join(f.fn("api/[...path].func"), ".vc-config.json"), JSON.stringify({ runtime: "edge", entrypoint: "index.js" }));
    expect(checkVercelOutput(f.output, f.options).problems).toEqual([{ check: "runtime", message: expect.stringMatching(/runs on edge, not Node\.js/) }]);

    const g = goodBuild();
    rmSync(g.fn("api/orders.func"));
    expect(checkVercelOutput(g.output, g.options).problems).toEqual([{ check: "runtime", message: "the route handler api/orders has no function in the output" }]);
  });

  it("fails a stream route whose function lacks the maxDuration its route exports", () => {
    const f = goodBuild();
    writeFileSync(path.join(f.fn("api/events/[event_id]/stream.func"), ".vc-config.json"), JSON.stringify({ runtime: "nodejs22.x" }));
    expect(checkVercelOutput(f.output, f.options).problems).toEqual([{ check: "streams", message: expect.stringMatching(/maxDuration unset.*expected 300/) }]);
  });

  it("says so when the directory is not a build output", () => {
    const f = goodBuild();
    expect(checkVercelOutput(path.join(f.root, "app"), f.options).problems).toEqual([{ check: "output", message: expect.stringMatching(/not a Build Output API directory/) }]);
  });
});
