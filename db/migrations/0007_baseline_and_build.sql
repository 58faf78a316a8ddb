ALTER TABLE "milestones" ADD COLUMN "baseline_milestone_id" text;--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "baseline_set" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "build" text;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_baseline_milestone_id_milestones_id_fk" FOREIGN KEY ("baseline_milestone_id") REFERENCES "public"."milestones"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_baseline_self_check" CHECK ("milestones"."baseline_milestone_id" IS NULL OR "milestones"."baseline_milestone_id" <> "milestones"."id");--> statement-breakpoint
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_build_check" CHECK ("test_runs"."build" IS NULL OR length("test_runs"."build") BETWEEN 1 AND 200);