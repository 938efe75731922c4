import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members visible over SCIM, in list order, so counts and deep pages read
 * only the index. scim_deleted_at is a key column only so that SQLite sees
 * the index as covering for queries that test it.
 */
export class AddVisibleMembersIndex1796418066000 implements MigrationInterface {
  name = 'AddVisibleMembersIndex1796418066000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "IDX_members_scim_visible" ON "members" ("organization_id", "created_at", "id", "scim_deleted_at") WHERE "scim_deleted_at" IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_members_scim_visible"');
  }
}
