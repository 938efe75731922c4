import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ScimConnection } from '../connections/scim-connection.entity';
import { CreatedAtColumn, TimestampColumn } from '../database/portable-columns';

/** current: in use; pending: issued by a rotation that has not completed; revoked: never valid again. */
export type ScimTokenState = 'current' | 'pending' | 'revoked';

/**
 * A SCIM bearer token. Only a bcrypt hash of its secret, a keyed
 * HMAC-SHA-256 verifier and its last four characters are stored.
 */
@Entity('scim_tokens')
@Index('IDX_scim_tokens_connection_state', ['connectionId', 'state'])
export class ScimToken {
  /** The token id that the bearer token carries between its prefix and secret. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @ManyToOne(() => ScimConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection?: ScimConnection;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: ScimTokenState;

  @Column({ name: 'secret_hash', type: 'varchar', length: 100 })
  secretHash!: string;

  @Column({ type: 'varchar', length: 64 })
  verifier!: string;

  @Column({ name: 'last_four', type: 'varchar', length: 4 })
  lastFour!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimestampColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Time of the last SCIM request made with this token; the update's condition limits writes to one a minute. */
  @TimestampColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
