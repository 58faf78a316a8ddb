/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/WASM server packages must stay out of the bundle (PGlite ships 6 MB data files; pdfkit reads
  // its font metrics from its own package directory at run time).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pg-boss", "@slack/bolt", "@slack/web-api", "pdfkit"],
  poweredByHeader: false,
};

export default nextConfig;
