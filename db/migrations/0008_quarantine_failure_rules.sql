CREATE TABLE "failure_rules" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"pattern" text NOT NULL,
	"field" text DEFAULT 'message' NOT NULL,
	"defect_tracker" text DEFAULT 'OTHER' NOT NULL,
	"defect_key" text NOT NULL,
	"defect_url" text,
	"expires_at" timestamp with time zone,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "failure_rules_field_check" CHECK (field IN ('message', 'stack')),
	CONSTRAINT "failure_rules_tracker_check" CHECK (defect_tracker IN ('JIRA', 'GITHUB', 'LINEAR', 'OTHER')),
	CONSTRAINT "failure_rules_pattern_check" CHECK (length("failure_rules"."pattern") between 1 and 500),
	CONSTRAINT "failure_rules_name_check" CHECK (length(btrim("failure_rules"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "quarantines" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"project_id" text NOT NULL,
	"case_id" text NOT NULL,
	"reason" text NOT NULL,
	"owner_id" text,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by_id" text,
	CONSTRAINT "quarantines_reason_check" CHECK (length(btrim("quarantines"."reason")) > 0)
);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "defect_links" ADD COLUMN "rule_id" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "quarantined" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "rule_id" text;--> statement-breakpoint
ALTER TABLE "failure_rules" ADD CONSTRAINT "failure_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_rules" ADD CONSTRAINT "failure_rules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantines" ADD CONSTRAINT "quarantines_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantines" ADD CONSTRAINT "quarantines_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantines" ADD CONSTRAINT "quarantines_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantines" ADD CONSTRAINT "quarantines_lifted_by_id_users_id_fk" FOREIGN KEY ("lifted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantines" ADD CONSTRAINT "quarantines_case_fk" FOREIGN KEY ("project_id","case_id") REFERENCES "public"."test_cases"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "failure_rules_project_idx" ON "failure_rules" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "quarantines_case_idx" ON "quarantines" USING btree ("case_id","expires_at");--> statement-breakpoint
CREATE INDEX "quarantines_project_expires_idx" ON "quarantines" USING btree ("project_id","expires_at");--> statement-breakpoint
ALTER TABLE "defect_links" ADD CONSTRAINT "defect_links_rule_id_failure_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."failure_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_rule_id_failure_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."failure_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "defect_links_rule_idx" ON "defect_links" USING btree ("rule_id") WHERE "defect_links"."rule_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "results_rule_idx" ON "results" USING btree ("rule_id") WHERE "results"."rule_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('MILESTONE_DUE', 'MILESTONE_OVERDUE', 'RUN_FAILED', 'RUN_COMPLETED', 'VERDICT_CHANGED', 'QUARANTINE_EXPIRED', 'TEST'));