/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/WASM server packages must stay out of the bundle (PGlite ships 6 MB data files).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pg-boss", "@slack/bolt", "@slack/web-api", "pino", "pino-pretty", "prom-client"],
  poweredByHeader: false,
};

export default nextConfig;
