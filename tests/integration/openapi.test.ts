import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import type { JsonSchema, OpenApiDocument } from "@/lib/openapi/types";
import { call } from "../helpers/api";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_DIR = path.join(ROOT, "app/api");
const HTTP_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
/** Not part of the documented API: Auth.js's own endpoints, and the document itself. */
const SKIP = ["auth", "openapi.json"].map((dir) => path.join(API_DIR, dir));

function routeFiles(dir: string): string[] {
  if (SKIP.includes(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  expect(ref).toMatch(/^#\/components\/schemas\//);
  const target = doc.components.schemas[ref.split("/").pop()!];
  expect(target, `dangling ${ref}`).toBeDefined();
  return resolve(doc, target);
}

function acceptsNull(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  const branches = (schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[];
  return branches.some(acceptsNull);
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is OpenAPI 3.1.0 and survives a JSON round trip", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.components.schemas.ErrorBody).toBeDefined();
  });

  it("every $ref points at a component that exists", () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const raw of refs) {
      const ref = JSON.parse(`{${raw}}`).$ref as string;
      const [, , section, name] = ref.split("/");
      expect((doc.components as Record<string, Record<string, unknown>>)[section]?.[name], ref).toBeDefined();
    }
  });

  it("documents every exported handler under app/api", async () => {
    const files = routeFiles(API_DIR);
    expect(files.length).toBeGreaterThanOrEqual(11);
    const missing: string[] = [];
    let handlers = 0;
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const apiPath =
        "/" + path.relative(ROOT, path.dirname(file)).split(path.sep).join("/").replace(/^app\//, "").replace(/\[(\w+)\]/g, "{$1}");
      for (const method of HTTP_METHODS) {
        if (typeof mod[method] !== "function") continue;
        handlers++;
        if (!doc.paths[apiPath]?.[method.toLowerCase() as "get"]) missing.push(`${method} ${apiPath}`);
      }
    }
    expect(missing, "endpoints without OpenAPI docs").toEqual([]);
    expect(handlers).toBeGreaterThanOrEqual(22);
  });

  it("describes {projectId} as id or key, and uses the shared error responses", () => {
    const op = doc.paths["/api/projects/{projectId}/milestones/{milestoneId}"].delete!;
    const projectId = op.parameters!.find((p) => p.name === "projectId")!;
    expect(projectId).toMatchObject({ in: "path", required: true, description: "Project id or key" });
    expect(op.responses["204"]).toBeDefined();
    expect(op.responses["404"]).toEqual({ $ref: "#/components/responses/NotFound" });
    expect(op.responses["409"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } });
    for (const res of Object.values(doc.components.responses)) {
      expect(res.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorBody" });
    }
  });

  it("POST milestones: name required, dueDate nullable, defaults optional", () => {
    const op = doc.paths["/api/projects/{projectId}/milestones"].post!;
    expect(op.responses["201"]).toBeDefined();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["400", "401", "403", "404", "413", "415"]));
    const body = resolve(doc, op.requestBody!.content["application/json"].schema);
    expect(body.type).toBe("object");
    expect(body.required).toEqual(["name"]);
    const props = body.properties as Record<string, JsonSchema>;
    expect(Object.keys(props).sort()).toEqual(["description", "dueDate", "name", "parentId", "status"]);
    expect(acceptsNull(props.dueDate)).toBe(true);
    expect(acceptsNull(props.name)).toBe(false);
    expect(resolve(doc, props.status).enum).toEqual(["ACTIVE", "COMPLETED", "ARCHIVED"]);
  });

  it("POST test-runs answers 201 for a new run and 200 for an existing ciBuildId", () => {
    const op = doc.paths["/api/projects/{projectId}/test-runs"].post!;
    expect(op.responses["201"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/TestRun" } } } });
    expect(op.responses["200"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/TestRun" } } } });
  });

  it("list endpoints take limit/cursor and the documented filters, and return pages", () => {
    const op = doc.paths["/api/projects/{projectId}/test-runs"].get!;
    const names = op.parameters!.filter((p) => p.in === "query").map((p) => p.name);
    expect(names).toEqual(["limit", "cursor", "milestoneId", "environmentId", "status", "kind", "ciBuildId", "build"]);
    const limit = op.parameters!.find((p) => p.name === "limit")!;
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 200, default: 50 });
    const status = op.parameters!.find((p) => p.name === "status")!;
    expect(status).toMatchObject({ style: "form", explode: false, schema: { type: "array" } });
    const page = resolve(doc, op.responses["200"] && "content" in op.responses["200"] ? op.responses["200"].content!["application/json"].schema : {});
    expect(page.required).toEqual(["data", "nextCursor"]);
  });
});

describe("GET /api/openapi.json", () => {
  it("serves the document as JSON without credentials", async () => {
    const res = await call<OpenApiDocument>("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.paths["/api/projects/{projectId}/test-runs/{runId}/complete"].post).toBeDefined();
  });
});
