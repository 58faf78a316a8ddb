/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/WASM server packages must stay out of the bundle (PGlite ships 6 MB data files; pdfkit reads
  // its font metrics from its own package directory at run time).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pg-boss", "@slack/bolt", "@slack/web-api", "pino", "pino-pretty", "prom-client", "pdfkit"],
  poweredByHeader: false,
  // The production artefact: .next/standalone holds the server and only the files it needs
  // (scripts/serve.mjs runs it; the Dockerfile copies it). Migrations are read at start-up.
  output: "standalone",
  outputFileTracingIncludes: { "/*": ["./db/migrations/**/*"] },
  // The route-template lookup reads app/ in development; the server reads the routes manifest.
  outputFileTracingExcludes: { "/*": ["./app/**/*"] },
};

export default nextConfig;
