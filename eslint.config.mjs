import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  // The Stripe emulator is a dev, test and demo tool: the app's runtime code never imports it, so
  // the Next build (and every Vercel function) stays free of it (scripts/vercel-check.ts checks the
  // build output too).
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@openseat/stripe-emulator", message: "The Stripe emulator is dev/test/demo only: the app must not bundle it." }],
          patterns: [{ group: ["@openseat/stripe-emulator/*", "**/packages/stripe-emulator/**"], message: "The Stripe emulator is dev/test/demo only: the app must not bundle it." }],
        },
      ],
    },
  },
  {
    ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];

export default config;
