import js from "@eslint/js";
import tseslint from "typescript-eslint";

const DB_IMPORTS = {
  patterns: [
    {
      group: ["@/db", "@/db/*", "**/db/client", "**/db/schema", "**/db/schema/*", "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite"],
      message: "Routes, pages and components read and write through lib/<domain>, never the database directly (DESIGN §3).",
    },
  ],
};

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Error']",
          message: "Throw a typed error from lib/errors.ts (NotFoundError, ConflictError, ...) so it maps to one HTTP status.",
        },
      ],
    },
  },
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", DB_IMPORTS] } },
  { files: ["**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
  // The Playwright reporter and upload CLI are plain JavaScript run by Node in users' projects.
  {
    files: ["lib/reporter/**/*.mjs"],
    languageOptions: {
      globals: { fetch: "readonly", AbortSignal: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
  },
  // Tests, scripts and tooling may throw plain errors.
  { files: ["tests/**", "scripts/**", "bench/**", "db/**", "*.config.*"], rules: { "no-restricted-syntax": "off" } },
);
