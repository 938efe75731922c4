import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM groups, their members and group-to-role mappings. displayName is
 * unique per connection, compared lower-cased.
 */
export class CreateScimGroupsAndRoleMappings1796420000000 implements MigrationInterface {
  name = 'CreateScimGroupsAndRoleMappings1796420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "scim_groups" ("id" uuid NOT NULL, "connection_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "display_name" character varying(256) NOT NULL, "external_id" character varying(512), "scim_version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8bacda70f9d3c4028b3abe53874" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_groups_organization" ON "scim_groups" ("organization_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_groups_connection_created" ON "scim_groups" ("connection_id", "created_at", "id")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_scim_groups_connection_display_name" ON "scim_groups" ("connection_id", lower("display_name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "scim_group_members" ("group_id" uuid NOT NULL, "member_id" uuid NOT NULL, CONSTRAINT "PK_43bbbab102dfb4accfd8c940418" PRIMARY KEY ("group_id", "member_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_group_members_member" ON "scim_group_members" ("member_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "role_mappings" ("group_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "role" character varying(32) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5a96c84ef949b687d283d33c43b" PRIMARY KEY ("group_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_role_mappings_organization" ON "role_mappings" ("organization_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_groups" ADD CONSTRAINT "FK_324e0d8b44cb450311d7b55f94d" FOREIGN KEY ("connection_id") REFERENCES "scim_connections"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_groups" ADD CONSTRAINT "FK_99aa77fade59edd24556015aea1" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_group_members" ADD CONSTRAINT "FK_e789fd51be503273b27723fd9a9" FOREIGN KEY ("group_id") REFERENCES "scim_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scim_group_members" ADD CONSTRAINT "FK_9e40767f102a4a541be1e11185a" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_mappings" ADD CONSTRAINT "FK_5a96c84ef949b687d283d33c43b" FOREIGN KEY ("group_id") REFERENCES "scim_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "role_mappings" ADD CONSTRAINT "FK_48fc9d74958f5168d4f18408fb7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "role_mappings" DROP CONSTRAINT "FK_48fc9d74958f5168d4f18408fb7"');
    await queryRunner.query('ALTER TABLE "role_mappings" DROP CONSTRAINT "FK_5a96c84ef949b687d283d33c43b"');
    await queryRunner.query('ALTER TABLE "scim_group_members" DROP CONSTRAINT "FK_9e40767f102a4a541be1e11185a"');
    await queryRunner.query('ALTER TABLE "scim_group_members" DROP CONSTRAINT "FK_e789fd51be503273b27723fd9a9"');
    await queryRunner.query('ALTER TABLE "scim_groups" DROP CONSTRAINT "FK_99aa77fade59edd24556015aea1"');
    await queryRunner.query('ALTER TABLE "scim_groups" DROP CONSTRAINT "FK_324e0d8b44cb450311d7b55f94d"');
    await queryRunner.query('DROP INDEX "IDX_role_mappings_organization"');
    await queryRunner.query('DROP TABLE "role_mappings"');
    await queryRunner.query('DROP INDEX "IDX_scim_group_members_member"');
    await queryRunner.query('DROP TABLE "scim_group_members"');
    await queryRunner.query('DROP INDEX "IDX_scim_groups_connection_display_name"');
    await queryRunner.query('DROP INDEX "IDX_scim_groups_connection_created"');
    await queryRunner.query('DROP INDEX "IDX_scim_groups_organization"');
    await queryRunner.query('DROP TABLE "scim_groups"');
  }
}
