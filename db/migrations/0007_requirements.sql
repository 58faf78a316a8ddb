CREATE TABLE "case_requirements" (
	"project_id" text NOT NULL,
	"case_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_requirements_case_id_requirement_id_pk" PRIMARY KEY("case_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "milestone_requirements" (
	"project_id" text NOT NULL,
	"milestone_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_requirements_milestone_id_requirement_id_pk" PRIMARY KEY("milestone_id","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "requirements" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"project_id" text NOT NULL,
	"key" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"url" text,
	"source" text DEFAULT 'MANUAL' NOT NULL,
	"fix_versions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requirements_project_id_key" UNIQUE("project_id","id"),
	CONSTRAINT "requirements_source_check" CHECK (source IN ('JIRA', 'MANUAL', 'CSV')),
	CONSTRAINT "requirements_key_check" CHECK (length(btrim("requirements"."key")) > 0)
);
--> statement-breakpoint
ALTER TABLE "test_cases" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "case_requirements" ADD CONSTRAINT "case_requirements_case_fk" FOREIGN KEY ("project_id","case_id") REFERENCES "public"."test_cases"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_requirements" ADD CONSTRAINT "case_requirements_requirement_fk" FOREIGN KEY ("project_id","requirement_id") REFERENCES "public"."requirements"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_requirements" ADD CONSTRAINT "milestone_requirements_milestone_fk" FOREIGN KEY ("project_id","milestone_id") REFERENCES "public"."milestones"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_requirements" ADD CONSTRAINT "milestone_requirements_requirement_fk" FOREIGN KEY ("project_id","requirement_id") REFERENCES "public"."requirements"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_requirements_requirement_idx" ON "case_requirements" USING btree ("requirement_id","case_id");--> statement-breakpoint
CREATE INDEX "milestone_requirements_requirement_idx" ON "milestone_requirements" USING btree ("requirement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requirements_project_key_key" ON "requirements" USING btree ("project_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "test_cases_external_id_key" ON "test_cases" USING btree ("project_id","external_id") WHERE "test_cases"."external_id" IS NOT NULL;