import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddScimTokenLastUsedAt1796430000000 implements MigrationInterface {
  name = 'AddScimTokenLastUsedAt1796430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "scim_tokens" ADD "last_used_at" TIMESTAMP(3) WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "scim_tokens" DROP COLUMN "last_used_at"');
  }
}
