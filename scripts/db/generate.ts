// Generates the Prisma client into lib/generated/prisma without the native schema engine.
// Prisma 7's CLI insists on finding its schema-engine binary (which cannot be downloaded on offline
// machines) even though `generate` never uses it, so we point it at a do-nothing executable.
// Never use this trick for migrate/db push: with the dummy they exit 0 and do nothing.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "scripts/db/no-schema-engine"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
