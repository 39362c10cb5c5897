import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_email_challenges_purpose" AS ENUM('signup', 'reset');
  CREATE TABLE "email_challenges" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"email" varchar NOT NULL,
  	"purpose" "enum_email_challenges_purpose" NOT NULL,
  	"secret_hash" varchar NOT NULL,
  	"user_id" uuid,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"used_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "account_sessions" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"user_id" uuid,
  	"token_hash" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users" ADD COLUMN "email_verified" boolean DEFAULT true;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "email_challenges_id" uuid;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "account_sessions_id" uuid;
  ALTER TABLE "email_challenges" ADD CONSTRAINT "email_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "account_sessions" ADD CONSTRAINT "account_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "email_challenges_email_idx" ON "email_challenges" USING btree ("email");
  CREATE INDEX "email_challenges_secret_hash_idx" ON "email_challenges" USING btree ("secret_hash");
  CREATE INDEX "email_challenges_user_idx" ON "email_challenges" USING btree ("user_id");
  CREATE INDEX "email_challenges_updated_at_idx" ON "email_challenges" USING btree ("updated_at");
  CREATE INDEX "email_challenges_created_at_idx" ON "email_challenges" USING btree ("created_at");
  CREATE INDEX "email_purpose_idx" ON "email_challenges" USING btree ("email","purpose");
  CREATE INDEX "account_sessions_user_idx" ON "account_sessions" USING btree ("user_id");
  CREATE UNIQUE INDEX "account_sessions_token_hash_idx" ON "account_sessions" USING btree ("token_hash");
  CREATE INDEX "account_sessions_expires_at_idx" ON "account_sessions" USING btree ("expires_at");
  CREATE INDEX "account_sessions_updated_at_idx" ON "account_sessions" USING btree ("updated_at");
  CREATE INDEX "account_sessions_created_at_idx" ON "account_sessions" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_email_challenges_fk" FOREIGN KEY ("email_challenges_id") REFERENCES "public"."email_challenges"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_account_sessions_fk" FOREIGN KEY ("account_sessions_id") REFERENCES "public"."account_sessions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_email_challenges_id_idx" ON "payload_locked_documents_rels" USING btree ("email_challenges_id");
  CREATE INDEX "payload_locked_documents_rels_account_sessions_id_idx" ON "payload_locked_documents_rels" USING btree ("account_sessions_id");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "email_challenges" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "account_sessions" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "email_challenges" CASCADE;
  DROP TABLE "account_sessions" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_email_challenges_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_account_sessions_fk";
  
  DROP INDEX "payload_locked_documents_rels_email_challenges_id_idx";
  DROP INDEX "payload_locked_documents_rels_account_sessions_id_idx";
  ALTER TABLE "users" DROP COLUMN "email_verified";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "email_challenges_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "account_sessions_id";
  DROP TYPE "public"."enum_email_challenges_purpose";`)
}
