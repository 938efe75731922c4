import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddScimUserAttributes1796417572000 implements MigrationInterface {
  name = 'AddScimUserAttributes1796417572000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "members" ADD "external_id" varchar(512)');
    await queryRunner.query('ALTER TABLE "members" ADD "scim_attributes" text');
    await queryRunner.query('ALTER TABLE "members" ADD "scim_version" integer NOT NULL DEFAULT (1)');
    await queryRunner.query('ALTER TABLE "members" ADD "scim_deleted_at" datetime');
    await queryRunner.query(
      'CREATE INDEX "IDX_members_organization_external_id" ON "members" ("organization_id", "external_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_members_organization_external_id"');
    await queryRunner.query('ALTER TABLE "members" DROP COLUMN "scim_deleted_at"');
    await queryRunner.query('ALTER TABLE "members" DROP COLUMN "scim_version"');
    await queryRunner.query('ALTER TABLE "members" DROP COLUMN "scim_attributes"');
    await queryRunner.query('ALTER TABLE "members" DROP COLUMN "external_id"');
  }
}
