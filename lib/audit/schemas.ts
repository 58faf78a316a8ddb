import { z } from "zod";
import { Id, PageParams, Timestamp, dayOrDateTime } from "@/lib/api/schemas";

/**
 * `from`/`to` bounds: an ISO-8601 timestamp, or a plain date (what an `<input type="date">`
 * sends). `from` is inclusive and a plain date means the start of that day (UTC); `to` is
 * exclusive and a plain date includes that whole day.
 */
function bound(side: "from" | "to") {
  return dayOrDateTime((s) => {
    const day = new Date(`${s}T00:00:00.000Z`);
    if (side === "to") day.setUTCDate(day.getUTCDate() + 1);
    return day;
  }, "Use an ISO-8601 timestamp like 2030-01-31T12:00:00Z, or a date like 2030-01-31");
}

/** `milestone.update`, or a kind such as `milestone` or `api_key` meaning every action on it. */
export const AuditAction = z
  .string()
  .trim()
  .toLowerCase()
  .max(100)
  .regex(/^[a-z_]+(\.[a-z_]+)*$/, "Use an action like milestone.update, or a kind like milestone");

export const AuditListQuery = PageParams.extend({
  actor: z.string().trim().min(1).max(320).optional().describe("User id or email of whoever made the change"),
  action: AuditAction.optional().describe("An action (`milestone.update`) or a kind (`milestone`: all milestone actions)"),
  entityType: z
    .string()
    .trim()
    .max(50)
    .regex(/^[a-z_]+$/, "Use an entity type like milestone, environment, test_run or api_key")
    .optional()
    .describe("project, environment, milestone, test_run, api_key, ..."),
  from: bound("from").optional().describe("Only entries at or after this instant (a plain date: from the start of that day, UTC)"),
  to: bound("to").optional().describe("Only entries before this instant (a plain date: up to the end of that day, UTC)"),
}).superRefine((q, issue) => {
  if (q.from instanceof Date && q.to instanceof Date && q.from >= q.to) issue.addIssue({ code: "custom", path: ["to"], message: "Must be after from" });
});
export type AuditListQuery = z.output<typeof AuditListQuery>;
export type AuditFilter = Omit<AuditListQuery, "limit" | "cursor">;

const FieldValues = z.record(z.string(), z.unknown());

export const AuditLogEntry = z.object({
  id: Id,
  action: z.string().describe("What happened, as `<kind>.<verb>`, e.g. `milestone.update`"),
  entityType: z.string(),
  entityId: z.string().nullable(),
  actor: z
    .object({ userId: Id, email: z.string(), name: z.string() })
    .nullable()
    .describe("The user who made the change, or null once that user has been deleted"),
  apiKey: z
    .object({ id: Id, name: z.string(), prefix: z.string() })
    .nullable()
    .describe("The API key the change came through (it acts for `actor`), or null for a browser session"),
  before: FieldValues.nullable().describe("Changed fields as they were (updates and deletes)"),
  after: FieldValues.nullable().describe("Changed fields as they became (creates and updates)"),
  requestId: z.string().nullable(),
  createdAt: Timestamp,
  entityName: z
    .string()
    .nullable()
    .describe("The entity by name: a case as its key and title, a run, milestone or environment by name; null once it is deleted"),
  names: z
    .record(z.string(), z.string())
    .describe("Readable names of the ids in `before` and `after` (cases, runs, milestones, environments, users, ...), by id"),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

/** Who appears in a project's audit log filter: its members and anyone who has changed it. */
export type AuditActorOption = { userId: string; email: string; name: string };
