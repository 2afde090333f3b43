import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when. Field names only: never a value that could be a secret. */
@Entity({ name: 'config_audit_records' })
export class AuditRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', array: true })
  fields!: string[];

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
