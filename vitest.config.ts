import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "test/**/*.test.ts", "prisma/**/*.test.ts", "packages/*/src/**/*.test.ts"],
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's ESM loader cannot resolve
    // (next has no exports map): let Vite transform and resolve it instead.
    server: { deps: { inline: ["next-auth"] } },
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // Tests share one database; files run one after another so they cannot trample each other.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
