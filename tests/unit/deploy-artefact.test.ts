import fs from "node:fs";
import { describe, expect, it } from "vitest";

const read = (file: string) => fs.readFileSync(file, "utf8");

describe("the production artefact", () => {
  it("is Next.js's standalone server, with the migrations it reads at start-up", async () => {
    const file: string = "../../next.config.mjs";
    const config = (await import(/* @vite-ignore */ file)).default as { output?: string; outputFileTracingIncludes?: Record<string, string[]> };
    expect(config.output).toBe("standalone");
    expect(Object.values(config.outputFileTracingIncludes ?? {}).flat()).toContain("./db/migrations/**/*");
  });

  it("is started the same way by npm start, the browser tests, the benchmarks and the image", () => {
    expect(read("scripts/start.mjs")).toContain("scripts/serve.mjs");
    expect(read("scripts/e2e-server.mjs")).toContain('"serve.mjs"');
    expect(read("bench/common.ts")).toContain("scripts/serve.mjs");
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/^CMD \["node", "scripts\/serve\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^COPY --from=build .*\/src\/\.next\/standalone \.\/$/m);
  });

  it("runs as a non-root user, with a health check on /api/health", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    const user = /^USER (\S+)$/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health/m);
  });

  it("composes PostgreSQL, an S3-compatible store and two app replicas sharing one configuration", () => {
    const compose = read("compose.yaml");
    // Both replicas merge the one `x-app` block, so they cannot drift apart.
    expect(compose.match(/^ {2}app-\w+:\n {4}<<: \*app$/gm)).toHaveLength(2);
    const shared = compose.slice(compose.indexOf("x-app: &app"), compose.indexOf("\nservices:"));
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "QA_STUDIO_ENCRYPTION_KEY", "QA_STUDIO_S3_BUCKET", "QA_STUDIO_S3_ENDPOINT"]) {
      expect(shared).toMatch(new RegExp(`^    ${name}: \\S`, "m"));
    }
    expect(compose).toMatch(/^ {4}image: postgres:\d+$/m);
    expect(compose).toMatch(/^ {4}image: minio\/minio$/m);
  });
});
