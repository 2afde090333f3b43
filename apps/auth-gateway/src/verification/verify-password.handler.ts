import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { VerifyPasswordCommand, type VerifyPasswordResult } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { PasswordVerifier } from './password-verifier.service';

/** config-api's "Test authentication": the precise outcome, and no session. */
@Controller()
export class VerifyPasswordHandler {
  constructor(private readonly verifier: PasswordVerifier) {}

  @RpcHandler(VerifyPasswordCommand.routingKey)
  async verify(@Payload() command: VerifyPasswordCommand): Promise<VerifyPasswordResult> {
    const verification = await this.verifier.verify(
      command.userName.trim(),
      command.password,
      'diagnose',
    );
    if (verification.outcome === 'success') {
      return {
        outcome: 'success',
        message: `the directory accepted the password of ${verification.dn}`,
        dn: verification.dn,
      };
    }
    return { outcome: verification.outcome, message: verification.message };
  }
}
