import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    pool: "forks",
    testTimeout: 30_000,
    // next-auth imports "next/server" without an extension, which Node's ESM loader cannot
    // resolve outside a Next.js bundle; letting Vite transform it resolves it as Next.js would.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        // Each integration file gets its own fresh database (tests/helpers/setup-db.ts).
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], setupFiles: ["tests/helpers/setup-db.ts"] },
      },
    ],
  },
});
