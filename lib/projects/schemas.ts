import { z } from "zod";
import { Description, Id, Name, Timestamp } from "@/lib/api/schemas";

export const ProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/, "Use 2 to 10 characters of A–Z and 0–9, like ECOM");

export const CreateProjectInput = z.strictObject({
  name: Name,
  key: ProjectKey,
  description: Description.default(""),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;

export const Priority = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);

/** Release-readiness settings (DESIGN §6); stored in projects.settings, defaults filled on read. */
export const ProjectSettings = z.object({
  passRateThreshold: z.number().min(0).max(100).describe("GO needs a pass rate of at least this percentage (default 95)"),
  warningWindowDays: z.number().int().min(0).max(365).describe("A milestone due within this many days with incomplete runs is AT_RISK (default 3)"),
  blockingPriorities: z.array(Priority).max(4).describe("Open failures of these case priorities block a GO (default CRITICAL, HIGH)"),
  publicBadge: z.boolean().describe("Serve milestone badges without a key or signed link (default false)"),
  requireCoverage: z.boolean().describe("Any in-scope requirement that is NOK or UNCOVERED blocks a GO (REQUIREMENTS_NOT_COVERED; default false)"),
});
export type ProjectSettings = z.infer<typeof ProjectSettings>;

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  passRateThreshold: 95,
  warningWindowDays: 3,
  blockingPriorities: ["CRITICAL", "HIGH"],
  publicBadge: false,
  requireCoverage: false,
};

/** The stored settings with defaults for anything missing or malformed (a hand-edited row never breaks a summary). */
export function readSettings(stored: unknown): ProjectSettings {
  const raw = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const out = { ...DEFAULT_PROJECT_SETTINGS };
  for (const key of Object.keys(DEFAULT_PROJECT_SETTINGS) as (keyof ProjectSettings)[]) {
    const field = ProjectSettings.shape[key].safeParse(raw[key]);
    if (field.success) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

export const UpdateProjectSettingsInput = z.strictObject({
  passRateThreshold: ProjectSettings.shape.passRateThreshold.optional(),
  warningWindowDays: ProjectSettings.shape.warningWindowDays.optional(),
  blockingPriorities: ProjectSettings.shape.blockingPriorities
    .refine((l) => new Set(l).size === l.length, "List each priority once")
    .optional(),
  publicBadge: ProjectSettings.shape.publicBadge.optional(),
  requireCoverage: ProjectSettings.shape.requireCoverage.optional(),
});

export const UpdateProjectInput = z.strictObject({
  name: Name.optional(),
  description: Description.optional(),
  settings: UpdateProjectSettingsInput.optional().describe("Only the given settings change; the others keep their values"),
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;

export const ProjectRoleSchema = z.enum(["ADMIN", "TESTER", "VIEWER"]);

export const Project = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  role: ProjectRoleSchema.describe("Your effective role in the project"),
  settings: ProjectSettings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Project = z.infer<typeof Project>;
