import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganizationsAndScimConnections1796415259000 implements MigrationInterface {
  name = 'CreateOrganizationsAndScimConnections1796415259000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "organizations" ("id" uuid NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "members" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "user_name" character varying(320) NOT NULL, "display_name" character varying(256), "status" character varying(16) NOT NULL, "role" character varying(32) NOT NULL, "role_source" character varying(16) NOT NULL, "managed_by" character varying(16) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_28b53062261b996d9c99fa12404" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_members_organization_created" ON "members" ("organization_id", "created_at", "id")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_members_organization_user_name" ON "members" ("organization_id", lower("user_name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "scim_connections" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "identity_provider" character varying(32) NOT NULL, "display_name" character varying(100), "status" character varying(16) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "deleted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_d4b1e0e50f495cf860652db53f3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_scim_connections_live_organization" ON "scim_connections" ("organization_id") WHERE "deleted_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "scim_tokens" ("id" character varying(32) NOT NULL, "connection_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "state" character varying(16) NOT NULL, "secret_hash" character varying(100) NOT NULL, "verifier" character varying(64) NOT NULL, "last_four" character varying(4) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_5e368798dfa88b0d9fb185e8901" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_tokens_connection_state" ON "scim_tokens" ("connection_id", "state")',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" character varying(64), "actor_token_id" character varying(64), "action" character varying(64) NOT NULL, "target_type" character varying(32) NOT NULL, "target_id" character varying(64), "changes" text, "request_id" character varying(128), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_audit_events_organization_created" ON "audit_events" ("organization_id", "created_at", "id")',
    );
    await queryRunner.query(
      'ALTER TABLE "members" ADD CONSTRAINT "FK_40c051286e8db5b4613ecb3035a" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_connections" ADD CONSTRAINT "FK_154b07284ed9a65e80e1e5e2e74" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_tokens" ADD CONSTRAINT "FK_ed253d7c0874c2944a6af2bb250" FOREIGN KEY ("connection_id") REFERENCES "scim_connections"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "scim_tokens" DROP CONSTRAINT "FK_ed253d7c0874c2944a6af2bb250"');
    await queryRunner.query('ALTER TABLE "scim_connections" DROP CONSTRAINT "FK_154b07284ed9a65e80e1e5e2e74"');
    await queryRunner.query('ALTER TABLE "members" DROP CONSTRAINT "FK_40c051286e8db5b4613ecb3035a"');
    await queryRunner.query('DROP INDEX "IDX_audit_events_organization_created"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP INDEX "IDX_scim_tokens_connection_state"');
    await queryRunner.query('DROP TABLE "scim_tokens"');
    await queryRunner.query('DROP INDEX "IDX_scim_connections_live_organization"');
    await queryRunner.query('DROP TABLE "scim_connections"');
    await queryRunner.query('DROP INDEX "IDX_members_organization_user_name"');
    await queryRunner.query('DROP INDEX "IDX_members_organization_created"');
    await queryRunner.query('DROP TABLE "members"');
    await queryRunner.query('DROP TABLE "organizations"');
  }
}
