import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  VerifyPasswordCommand,
  verifyPasswordPurpose,
  type VerifyPasswordResult,
} from '@dirsync/contracts';
import { RpcHandler, TransportSealer } from '@dirsync/messaging';
import { PasswordVerifier } from './password-verifier.service';

/** config-api's "Test authentication": the precise outcome, and no session. */
@Controller()
export class VerifyPasswordHandler {
  constructor(
    private readonly verifier: PasswordVerifier,
    private readonly sealer: TransportSealer,
  ) {}

  @RpcHandler(VerifyPasswordCommand.routingKey)
  async verify(@Payload() command: VerifyPasswordCommand): Promise<VerifyPasswordResult> {
    // Sealed by config-api for this message and this user: refused if replayed for another.
    const password = this.sealer.open(command.passwordSealed, {
      routingKey: VerifyPasswordCommand.routingKey,
      purpose: verifyPasswordPurpose(command.userName),
    });
    const verification = await this.verifier.verify(command.userName.trim(), password, 'diagnose');
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
