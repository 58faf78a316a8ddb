ALTER TABLE "run_entries" DROP CONSTRAINT "run_entries_run_id_test_runs_id_fk";
