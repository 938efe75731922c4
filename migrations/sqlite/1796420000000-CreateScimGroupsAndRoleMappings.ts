import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM groups, their members and group-to-role mappings. displayName is
 * unique per connection, compared lower-cased with the Unicode-aware lower()
 * that every connection registers.
 */
export class CreateScimGroupsAndRoleMappings1796420000000 implements MigrationInterface {
  name = 'CreateScimGroupsAndRoleMappings1796420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "scim_groups" ("id" varchar PRIMARY KEY NOT NULL, "connection_id" varchar NOT NULL, "organization_id" varchar NOT NULL, "display_name" varchar(256) NOT NULL, "external_id" varchar(512), "scim_version" integer NOT NULL DEFAULT (1), "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "FK_324e0d8b44cb450311d7b55f94d" FOREIGN KEY ("connection_id") REFERENCES "scim_connections" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_99aa77fade59edd24556015aea1" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
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
      'CREATE TABLE "scim_group_members" ("group_id" varchar NOT NULL, "member_id" varchar NOT NULL, CONSTRAINT "FK_e789fd51be503273b27723fd9a9" FOREIGN KEY ("group_id") REFERENCES "scim_groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_9e40767f102a4a541be1e11185a" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("group_id", "member_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_scim_group_members_member" ON "scim_group_members" ("member_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "role_mappings" ("group_id" varchar PRIMARY KEY NOT NULL, "organization_id" varchar NOT NULL, "role" varchar(32) NOT NULL, "created_by" varchar, "created_at" datetime NOT NULL, CONSTRAINT "FK_5a96c84ef949b687d283d33c43b" FOREIGN KEY ("group_id") REFERENCES "scim_groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_48fc9d74958f5168d4f18408fb7" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_role_mappings_organization" ON "role_mappings" ("organization_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
