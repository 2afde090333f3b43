import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApplySyncPlanCommand, type ApplySyncPlanResult } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { ApplyPlanService } from './apply-plan.service';

@Controller()
export class ApplyPlanHandler {
  constructor(private readonly plans: ApplyPlanService) {}

  @RpcHandler(ApplySyncPlanCommand.routingKey)
  apply(@Payload() command: ApplySyncPlanCommand): Promise<ApplySyncPlanResult> {
    return this.plans.apply(command);
  }
}
