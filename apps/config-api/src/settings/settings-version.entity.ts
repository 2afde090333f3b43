import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One saved version of the directory settings. Secrets are not in
 * `settings`: they are sealed (AES-GCM) in their own columns.
 */
@Entity({ name: 'config_directory_settings_versions' })
export class SettingsVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  settings!: Record<string, unknown>;

  @Column({ name: 'bind_password_sealed', type: 'text', nullable: true })
  bindPasswordSealed!: string | null;

  @Column({ name: 'client_secret_sealed', type: 'text', nullable: true })
  clientSecretSealed!: string | null;

  @Column({ name: 'saved_by', type: 'text' })
  savedBy!: string;

  @CreateDateColumn({ name: 'saved_at', type: 'timestamptz' })
  savedAt!: Date;

  @Column({ name: 'changed_fields', type: 'text', array: true })
  changedFields!: string[];
}
