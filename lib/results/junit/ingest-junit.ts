import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "@/lib/auth/permissions";
import type { ProjectCtx } from "@/lib/context";
import { ConflictError, ValidationError, pgErrorCode } from "@/lib/errors";
import { assertRunAcceptsResults, auditIngest, prepareResults, storeResults } from "@/lib/results/ingest-results";
import { rowsOf } from "@/lib/sql";
import { JunitParser, type JunitItem } from "./parse-junit";
import { uploadedFiles } from "./read-upload";
import type { JunitOutcome } from "./schemas";
import { metrics } from "@/lib/observability/metrics";

/** Items stored per `storeResults` call: memory stays bounded whatever the file's size. */
export const JUNIT_CHUNK = 1000;

const MaxMb = z.coerce.number().positive().max(10_000).default(200);

/** The upload limit, `QA_STUDIO_JUNIT_MAX_MB` (default 200 MB per request). */
export function junitMaxBytes(source: Record<string, string | undefined> = process.env): number {
  const parsed = MaxMb.safeParse(source.QA_STUDIO_JUNIT_MAX_MB || undefined);
  return Math.floor((parsed.success ? parsed.data : 200) * 1024 * 1024);
}

/**
 * Imports JUnit XML (a bare body, or the files of a multipart body) into a run. The body is
 * parsed as it streams in, and the results are stored every JUNIT_CHUNK items, all inside one
 * transaction opened before the first byte is read: ill-formed XML anywhere rolls back what the
 * earlier chunks stored and answers 400 naming the line and column. Re-uploading a file stores
 * nothing new (idempotency keys hash each testcase's content).
 */
export async function ingestJunit({ ctx, runId, req, maxBytes = junitMaxBytes() }: { ctx: ProjectCtx; runId: string; req: Request; maxBytes?: number }): Promise<JunitOutcome> {
  authorize(ctx, "run:write");
  const files = uploadedFiles(req, maxBytes);
  // Not wrapped in retryOnConflict like the JSON endpoint: the body is a stream, read once, and a
  // second attempt would find it consumed. A deadlock victim answers 409 and the client resends.
  try {
    const outcome = await ctx.db.transaction(async (tx) => {
      await assertRunAcceptsResults(tx, ctx, runId);
      // One upload into a run at a time: a long import takes the run's row before any entry, so two
      // imports into the same run queue up instead of deadlocking on each other's entries.
      const [run] = rowsOf<{ id: string; status: string }>(await tx.execute(sql`select id, status from test_runs where id = ${runId} for update`));
      const outcome: JunitOutcome = { received: 0, created: 0, duplicates: 0, errors: [], casesCreated: 0, results: [], run, files: [] };
      let pending: JunitItem[] = [];
      const store = async (items: JunitItem[]) => {
        const { valid, errors } = prepareResults(items, outcome.received);
        outcome.received += items.length;
        outcome.errors.push(...errors);
        if (!valid.length) return;
        const stored = await storeResults(tx, ctx, runId, valid);
        outcome.created += stored.created;
        outcome.duplicates += stored.duplicates;
        outcome.casesCreated += stored.casesCreated;
        outcome.errors.push(...stored.errors);
        for (const r of stored.results) outcome.results.push(r);
        outcome.run = stored.run;
      };
      for await (const file of files) {
        const parser = new JunitParser((item) => pending.push(item), file.name ?? undefined);
        const decoder = new TextDecoder("utf-8");
        let bytes = 0;
        for await (const chunk of file.chunks) {
          bytes += chunk.byteLength;
          parser.write(decoder.decode(chunk, { stream: true }));
          while (pending.length >= JUNIT_CHUNK) await store(pending.splice(0, JUNIT_CHUNK));
        }
        if (!bytes) throw ValidationError.field("xml", file.name ? `${file.name}: the file is empty` : "The request body is empty; send a JUnit XML document.");
        parser.write(decoder.decode());
        parser.end();
        outcome.files.push({ name: file.name, tests: parser.tests });
      }
      if (!outcome.files.length) throw ValidationError.field("files", "Attach at least one JUnit XML file (a part with a file name).");
      while (pending.length) await store(pending.splice(0, JUNIT_CHUNK));
      pending = [];
      outcome.errors.sort((a, b) => a.index - b.index);
      await auditIngest(tx, ctx, runId, "results.junit", outcome);
      return outcome;
    });
    metrics().junitImports.inc({ outcome: "stored" });
    metrics().resultsIngested.inc({ source: "junit" }, outcome.created);
    return outcome;
  } catch (err) {
    metrics().junitImports.inc({ outcome: "refused" });
    const code = pgErrorCode(err);
    if (code === "40P01" || code === "40001") {
      throw new ConflictError("Another upload into this run collided with this one; nothing was stored. Send the file again.");
    }
    throw err;
  }
}
