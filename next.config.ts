import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that load WebAssembly or native sockets at run time are required from node_modules
  // instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@prisma/schema-engine-wasm",
    "ioredis",
    "ioredis-mock",
    "pg",
  ],
  poweredByHeader: false,
};

export default nextConfig;
