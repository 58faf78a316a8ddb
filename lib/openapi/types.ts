/** The slice of OpenAPI 3.1 that QA Studio's document uses. */

export type JsonSchema = { [key: string]: unknown };

export type Parameter = {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  style?: "form";
  explode?: boolean;
  schema: JsonSchema;
};

export type MediaType = { schema: JsonSchema };

export type Response = { $ref: string } | { description: string; content?: Record<string, MediaType> };

export type Operation = {
  tags: string[];
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
};

export type PathItem = Partial<Record<"get" | "post" | "put" | "patch" | "delete", Operation>>;

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description?: string };
  jsonSchemaDialect: string;
  tags: { name: string; description?: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
    responses: Record<string, { description: string; content: Record<string, MediaType> }>;
  };
};
