import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

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
  // The same on every response; the per-page Content-Security-Policy and HSTS are set by proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
