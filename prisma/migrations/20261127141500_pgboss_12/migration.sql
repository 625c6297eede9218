-- pg-boss 12 migrates its own schema ("pgboss") on start, but only from
-- schema version 25 (pg-boss 11) on; pg-boss 10 left version 24. The queue
-- holds nothing but execution ids (the executions are COSMO's own rows), so
-- an older queue is dropped and pg-boss 12 creates its schema anew; a routine
-- that was still queued in it is closed as failed, with the reason, so its
-- cluster takes new routines.
DO $$
DECLARE
  queue_version integer;
BEGIN
  IF to_regclass('pgboss.version') IS NULL THEN
    RETURN;
  END IF;
  -- Dynamic: a static reference would be resolved even on a database without pg-boss.
  EXECUTE 'SELECT max(version) FROM pgboss.version' INTO queue_version;
  IF queue_version < 25 THEN
    DROP SCHEMA pgboss CASCADE;
    UPDATE "routine_execution"
       SET "status" = 'failed',
           "error" = 'not run: the routine queue was replaced by an upgrade of COSMO; request it again',
           "ended_at" = now()
     WHERE "status" = 'queued';
  END IF;
END $$;
