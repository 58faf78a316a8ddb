CREATE TABLE "milestone_verdict_state" (
	"milestone_id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"verdict" text NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_reads" (
	"user_id" text NOT NULL,
	"notification_id" text NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_reads_user_id_notification_id_pk" PRIMARY KEY("user_id","notification_id")
);
--> statement-breakpoint
CREATE TABLE "exploratory_notes" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"project_id" text NOT NULL,
	"run_id" text NOT NULL,
	"kind" text DEFAULT 'NOTE' NOT NULL,
	"body" text NOT NULL,
	"defect_tracker" text,
	"defect_key" text,
	"defect_url" text,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exploratory_notes_kind_check" CHECK (kind IN ('NOTE', 'BUG', 'QUESTION', 'IDEA')),
	CONSTRAINT "exploratory_notes_defect_tracker_check" CHECK ("exploratory_notes"."defect_tracker" IS NULL OR defect_tracker IN ('JIRA', 'GITHUB', 'LINEAR', 'OTHER')),
	CONSTRAINT "exploratory_notes_body_check" CHECK (length(btrim("exploratory_notes"."body")) > 0),
	CONSTRAINT "exploratory_notes_defect_check" CHECK (("exploratory_notes"."defect_key" IS NULL) = ("exploratory_notes"."defect_tracker" IS NULL) AND ("exploratory_notes"."defect_url" IS NULL OR "exploratory_notes"."defect_key" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "jira_projects" (
	"project_id" text PRIMARY KEY NOT NULL,
	"jira_project_key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jira_projects_key_check" CHECK ("jira_projects"."jira_project_key" ~ '^[A-Z][A-Z0-9_]{0,49}$')
);
--> statement-breakpoint
CREATE TABLE "jira_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"base_url" text NOT NULL,
	"email" text NOT NULL,
	"token_ciphertext" text NOT NULL,
	"token_iv" text NOT NULL,
	"token_auth_tag" text NOT NULL,
	"issue_type" text DEFAULT 'Bug' NOT NULL,
	"updated_by_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jira_settings_single_row_check" CHECK ("jira_settings"."id" = 'default')
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_owner_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_status_check";--> statement-breakpoint
DROP INDEX "authenticator_tokens_project_idx";--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "note_id" text;--> statement-breakpoint
ALTER TABLE "defect_links" ADD COLUMN "status_category" text;--> statement-breakpoint
ALTER TABLE "defect_links" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "charter" text;--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "time_box_minutes" integer;--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "verdict" text;--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "verdict_summary" text;--> statement-breakpoint
ALTER TABLE "authenticator_tokens" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "path" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "milestone_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "slack_settings" ADD COLUMN "updated_by_id" text;--> statement-breakpoint
ALTER TABLE "milestone_verdict_state" ADD CONSTRAINT "milestone_verdict_state_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_verdict_state" ADD CONSTRAINT "milestone_verdict_state_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exploratory_notes" ADD CONSTRAINT "exploratory_notes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exploratory_notes" ADD CONSTRAINT "exploratory_notes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exploratory_notes" ADD CONSTRAINT "exploratory_notes_run_fk" FOREIGN KEY ("project_id","run_id") REFERENCES "public"."test_runs"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jira_projects" ADD CONSTRAINT "jira_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jira_settings" ADD CONSTRAINT "jira_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exploratory_notes_run_idx" ON "exploratory_notes" USING btree ("run_id","created_at","id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_note_id_exploratory_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."exploratory_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_settings" ADD CONSTRAINT "slack_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_note_idx" ON "attachments" USING btree ("note_id") WHERE "attachments"."note_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "authenticator_tokens_project_name_key" ON "authenticator_tokens" USING btree ("project_id",lower("name"));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_check" CHECK (num_nonnulls("attachments"."result_id", "attachments"."entry_id", "attachments"."case_id", "attachments"."note_id") >= 1);--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_time_box_check" CHECK ("test_runs"."time_box_minutes" IS NULL OR "test_runs"."time_box_minutes" BETWEEN 1 AND 1440);--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_verdict_check" CHECK ("test_runs"."verdict" IS NULL OR ("test_runs"."kind" = 'EXPLORATORY' AND verdict IN ('PASSED', 'PASSED_WITH_ISSUES', 'FAILED', 'BLOCKED')));--> statement-breakpoint
ALTER TABLE "authenticator_tokens" ADD CONSTRAINT "authenticator_tokens_period_check" CHECK ("authenticator_tokens"."period_seconds" BETWEEN 1 AND 3600);--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('MILESTONE_DUE', 'MILESTONE_OVERDUE', 'RUN_FAILED', 'RUN_COMPLETED', 'VERDICT_CHANGED', 'TEST'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_status_check" CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'IN_APP', 'SUPERSEDED'));