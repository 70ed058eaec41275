// The package's own tests, on their own: `npm test -w @openseat/stripe-emulator`. The app's root
// vitest.config.ts includes the same files, so `npm test` at the root (and CI) runs them too.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
