import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * The audit log is append-only in the database itself, not only in access rules: any UPDATE or
 * DELETE of an entry fails, whoever connects. The single exception is the foreign key's own
 * `ON DELETE SET NULL` when a tenant row is removed, which changes nothing but `tenant_id`.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE OR REPLACE FUNCTION lyceum_audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND NEW.tenant_id IS NULL
        AND OLD.tenant_id IS NOT NULL
        AND (NEW.id, NEW.actor, NEW.action, NEW.target, NEW.at, NEW.details)
          IS NOT DISTINCT FROM (OLD.id, OLD.actor, OLD.action, OLD.target, OLD.at, OLD.details)
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER audit_log_append_only
      BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION lyceum_audit_log_append_only();
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
    DROP FUNCTION IF EXISTS lyceum_audit_log_append_only();
  `)
}
