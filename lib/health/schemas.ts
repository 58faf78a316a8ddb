import { z } from "zod";

export const Health = z.object({ status: z.literal("ok") });

const Check = z.object({ ok: z.boolean(), message: z.string() });
const Checks = z.object({ database: Check, migrations: Check, jobQueue: Check });

export const Readiness = z.object({ status: z.literal("ready"), checks: Checks });
