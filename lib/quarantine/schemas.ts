import { z } from "zod";
import { DateTimeInput, Id, Timestamp } from "@/lib/api/schemas";

/** Quarantine lengths: 14 days unless told, never more than 90 days ahead. */
export const QUARANTINE_DEFAULT_DAYS = 14;
export const QUARANTINE_MAX_DAYS = 90;

export const CreateQuarantineInput = z.strictObject({
  reason: z.string().trim().min(1, "Say why the case is quarantined").max(2000),
  ownerId: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .describe("The member who is to fix the test: a user id or email of a project member; you when left out"),
  expiresAt: DateTimeInput.optional().describe(
    `In the future, at most ${QUARANTINE_MAX_DAYS} days ahead; ${QUARANTINE_DEFAULT_DAYS} days from now when left out. After it the case's failures block again`,
  ),
});
export type CreateQuarantineInput = z.input<typeof CreateQuarantineInput>;

const UserRef = z.object({ id: Id, name: z.string(), email: z.string() });

export const Quarantine = z.object({
  id: Id,
  caseId: Id,
  caseKey: z.string(),
  title: z.string(),
  automationKey: z.string().nullable().describe("The reporter's test identity (file › describe › title), for CI to match its tests"),
  reason: z.string(),
  owner: UserRef.nullable().describe("null when that user was deleted"),
  createdBy: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  liftedAt: Timestamp.nullable(),
  active: z.boolean().describe("Neither lifted nor expired"),
  daysLeft: z.number().int().describe("Whole days until expiry, rounded up (0 once expired)"),
});
export type Quarantine = z.infer<typeof Quarantine>;

export const QuarantineList = z.object({
  data: z.array(Quarantine),
  generatedAt: Timestamp.describe("The instant the list is true for (expiry is judged against it)"),
});
export type QuarantineList = z.infer<typeof QuarantineList>;

/** A quarantine as the summary shows it beside a failure. */
export const QuarantineRef = z.object({
  id: Id,
  reason: z.string(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type QuarantineRef = z.infer<typeof QuarantineRef>;
