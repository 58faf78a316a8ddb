import type { JsonSchema, OpenApiDocument, Operation, Parameter, Response } from "./types";

/** Plain helpers that turn the OpenAPI document into what the /api-docs page shows. */

export type FieldRow = { name: string; type: string; ref?: string; required: boolean; description: string };
export type ResponseRow = { status: string; description: string; schema?: string };
export type OperationView = { method: string; path: string; op: Operation; id: string };
export type TagGroup = { name: string; description?: string; operations: OperationView[] };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
    const { $ref, ...rest } = s;
    s = { ...(doc.components.schemas[refName($ref as string)] ?? {}), ...rest };
  }
  return s;
}

/** A short, human type such as `string (date-time) | null`, `ACTIVE | COMPLETED` or `Project[]`. */
export function typeLabel(schema: JsonSchema, doc?: OpenApiDocument): string {
  if (typeof schema.$ref === "string") {
    // Enums read better spelled out than as a link to a one-line schema.
    const target = doc?.components.schemas[refName(schema.$ref)];
    return Array.isArray(target?.enum) ? target.enum.map(String).join(" | ") : refName(schema.$ref);
  }
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(" | ");
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return [...new Set(union.map((b) => typeLabel(b, doc)))].join(" | ");
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => typeLabel({ ...schema, type: t }, doc)).join(" | ");
  if (type === "array") return `${wrapUnion(typeLabel((schema.items ?? {}) as JsonSchema, doc))}[]`;
  if (type === "string" && typeof schema.format === "string") return `string (${schema.format})`;
  if (typeof type === "string") return type;
  return "any";
}

const wrapUnion = (label: string) => (label.includes(" | ") ? `(${label})` : label);

/** The component a field points at (directly, as an array item, or as the non-null branch). */
export function schemaLink(schema: JsonSchema): string | undefined {
  if (typeof schema.$ref === "string") return refName(schema.$ref);
  if (schema.items) return schemaLink(schema.items as JsonSchema);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return union?.map(schemaLink).find(Boolean);
}

/** Limits and defaults in words, e.g. "1–200 characters · default ACTIVE". */
export function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (typeof min === "number" && typeof max === "number") out.push(`${min}–${max}${unit}`);
    else if (typeof min === "number") out.push(`at least ${min}${unit}`);
    else if (typeof max === "number") out.push(`at most ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minimum, schema.maximum, "");
  if (typeof schema.pattern === "string") out.push(`pattern ${schema.pattern}`);
  if ("default" in schema) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Joins a description and its limits: "Name contains. At most 200 characters · default 50". */
function joinDescription(parts: unknown[]): string {
  return parts
    .filter((p): p is string => typeof p === "string" && p.length > 0)
    .map((p) => sentence(p.replace(/\.$/, "")))
    .join(". ");
}

function describe(schema: JsonSchema): string {
  return joinDescription([schema.description, constraints(schema).join(" · ")]);
}

/** An inline object (possibly nullable) whose fields are worth listing under its own row. */
function inlineObject(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type === "object" && schema.properties) return schema;
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return union?.find((b) => b.type === "object" && b.properties);
}

/** One row per property of an object schema (after resolving references); inline objects list their fields as `parent.child`. */
export function fieldRows(doc: OpenApiDocument, schema: JsonSchema, prefix = "", depth = 0): FieldRow[] {
  const resolved = resolveSchema(doc, schema);
  const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((resolved.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, prop]) => {
    const row: FieldRow = {
      name: prefix + name,
      type: typeLabel(prop, doc),
      ref: schemaLink(prop),
      required: required.has(name),
      description: describe(prop),
    };
    if (depth >= 2) return [row];
    const nested = inlineObject(prop);
    if (nested) return [row, ...fieldRows(doc, nested, `${row.name}.`, depth + 1)];
    const item = prop.type === "array" && prop.items ? inlineObject(prop.items as JsonSchema) : undefined;
    if (item) return [row, ...fieldRows(doc, item, `${row.name}[].`, depth + 1)];
    return [row];
  });
}

export function parameterRows(params: Parameter[] = []): (FieldRow & { in: string })[] {
  return params.map((p) => ({
    name: p.name,
    in: p.in,
    type: typeLabel(p.schema),
    required: p.required,
    description: joinDescription([
      p.description,
      p.explode === false && !/comma/i.test(p.description ?? "") ? "Comma-separated" : "",
      constraints(p.schema).join(" · "),
    ]),
  }));
}

export function responseRows(doc: OpenApiDocument, op: Operation): ResponseRow[] {
  return Object.entries(op.responses).map(([status, res]) => {
    const r: Response = "$ref" in res ? doc.components.responses[refName(res.$ref)] : res;
    const schema = r.content?.["application/json"]?.schema;
    return { status, description: r.description, schema: schema && schemaLink(schema) };
  });
}

export function requestBodySchema(op: Operation): JsonSchema | undefined {
  return op.requestBody?.content["application/json"]?.schema;
}

/** Operations grouped by tag, in the document's tag order. */
export function groupByTag(doc: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, TagGroup>(doc.tags.map((t) => [t.name, { ...t, operations: [] }]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags[0] ?? "Other";
      if (!groups.has(tag)) groups.set(tag, { name: tag, operations: [] });
      groups.get(tag)!.operations.push({ method: method.toUpperCase(), path, op, id: op.operationId });
    }
  }
  return [...groups.values()].filter((g) => g.operations.length);
}
