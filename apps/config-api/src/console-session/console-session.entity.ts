import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ConsoleSessionKind = 'bootstrap' | 'directory';

/** One signed-in admin console; the cookie's token itself is never stored. */
@Entity({ name: 'config_console_sessions' })
export class ConsoleSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'token_sha256', type: 'text', unique: true })
  tokenSha256!: string;

  /** Sent back in X-CSRF-Token by the console with every request that changes something. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  /** For audit records: `bootstrap-admin` or `console:<user name>`. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'user_name', type: 'text' })
  userName!: string;

  @Column({ type: 'text' })
  kind!: ConsoleSessionKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
