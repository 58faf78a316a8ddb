DROP INDEX "results_run_status_idx";--> statement-breakpoint
DROP INDEX "run_entries_case_idx";--> statement-breakpoint
CREATE INDEX "run_entries_failing_idx" ON "run_entries" USING btree ("run_id","status","case_id","last_result_at","updated_at","id") WHERE "run_entries"."status" IN ('FAILED', 'BLOCKED');--> statement-breakpoint
CREATE INDEX "results_run_status_idx" ON "results" USING btree ("run_id","status","executed_at");--> statement-breakpoint
CREATE INDEX "run_entries_case_idx" ON "run_entries" USING btree ("case_id","status","last_result_at" DESC NULLS LAST,"run_id","updated_at");