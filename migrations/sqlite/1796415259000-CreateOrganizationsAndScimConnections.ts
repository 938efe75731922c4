import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganizationsAndScimConnections1796415259000 implements MigrationInterface {
  name = 'CreateOrganizationsAndScimConnections1796415259000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "organizations" ("id" varchar PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "created_at" datetime NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "members" ("id" varchar PRIMARY KEY NOT NULL, "organization_id" varchar NOT NULL, "email" varchar(320) NOT NULL, "user_name" varchar(320) NOT NULL, "display_name" varchar(256), "status" varchar(16) NOT NULL, "role" varchar(32) NOT NULL, "role_source" varchar(16) NOT NULL, "managed_by" varchar(16) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "FK_40c051286e8db5b4613ecb3035a" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_members_organization_created" ON "members" ("organization_id", "created_at", "id")',
    );
    // lower() is the Unicode-aware function that every connection registers.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_members_organization_user_name" ON "members" ("organization_id", lower("user_name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "scim_connections" ("id" varchar PRIMARY KEY NOT NULL, "organization_id" varchar NOT NULL, "identity_provider" varchar(32) NOT NULL, "display_name" varchar(100), "status" varchar(16) NOT NULL, "created_by" varchar, "created_at" datetime NOT NULL, "last_used_at" datetime, "deleted_at" datetime, CONSTRAINT "FK_154b07284ed9a65e80e1e5e2e74" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_scim_connections_live_organization" ON "scim_connections" ("organization_id") WHERE "deleted_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "scim_tokens" ("id" varchar(32) PRIMARY KEY NOT NULL, "connection_id" varchar NOT NULL, "organization_id" varchar NOT NULL, "state" varchar(16) NOT NULL, "secret_hash" varchar(100) NOT NULL, "verifier" varchar(64) NOT NULL, "last_four" varchar(4) NOT NULL, "created_by" varchar, "created_at" datetime NOT NULL, "revoked_at" datetime, CONSTRAINT "FK_ed253d7c0874c2944a6af2bb250" FOREIGN KEY ("connection_id") REFERENCES "scim_connections" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_tokens_connection_state" ON "scim_tokens" ("connection_id", "state")',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" varchar PRIMARY KEY NOT NULL, "organization_id" varchar NOT NULL, "actor_type" varchar(16) NOT NULL, "actor_id" varchar(64), "actor_token_id" varchar(64), "action" varchar(64) NOT NULL, "target_type" varchar(32) NOT NULL, "target_id" varchar(64), "changes" text, "request_id" varchar(128), "created_at" datetime NOT NULL)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_audit_events_organization_created" ON "audit_events" ("organization_id", "created_at", "id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
