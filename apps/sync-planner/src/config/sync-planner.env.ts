import { BaseServiceEnv } from '@dirsync/service-kit';

export class SyncPlannerEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3003;
}
