// Prisma CLI configuration (Prisma 7 reads the connection URL from here, not from the schema).
// Only `prisma generate` is used through the CLI; migrations run through scripts/db/migrate.ts
// because the CLI's native schema engine cannot be downloaded on offline machines.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
