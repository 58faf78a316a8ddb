CREATE TABLE "storage_deletions" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "storage_deletions_due_idx" ON "storage_deletions" USING btree ("due_at");--> statement-breakpoint
-- hand-written:
-- Every deleted attachment row, also one removed by ON DELETE CASCADE from a project, run,
-- result, entry, case or note, queues its storage key in the same transaction.
CREATE OR REPLACE FUNCTION queue_attachment_storage_deletions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_deletions (storage_key) SELECT storage_key FROM deleted_attachments ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER attachments_queue_storage_deletions AFTER DELETE ON attachments
  REFERENCING OLD TABLE AS deleted_attachments FOR EACH STATEMENT EXECUTE FUNCTION queue_attachment_storage_deletions();
