import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import {
  NoControlCharacters,
  VerifyPasswordCommand,
  verifyPasswordPurpose,
} from '@dirsync/contracts';
import { RpcClient, TransportSealer } from '@dirsync/messaging';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { AuditService } from '../audit/audit.service';

export class TestAuthenticationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @NoControlCharacters()
  userName!: string;

  /** May be empty: the answer then says that empty passwords are refused. */
  @IsString()
  @MaxLength(1024)
  password!: string;
}

/**
 * The seed's "test the authentication for a user": auth-gateway verifies the
 * password exactly as at sign-in and says precisely why it failed; no
 * session is issued.
 */
@ApiTags('synchronization')
@Controller('directory')
export class TestAuthenticationController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
    private readonly sealer: TransportSealer,
  ) {}

  @ApiOperation({
    summary: "Test one user's password against the directory; says precisely why it failed",
  })
  @Post('test-authentication')
  @HttpCode(200)
  async test(@Body() body: TestAuthenticationDto, @Principal() principal: AdminPrincipal) {
    // The password crosses the broker sealed for this message and this user only.
    const result = await this.rpc.call(VerifyPasswordCommand.routingKey, {
      userName: body.userName,
      passwordSealed: this.sealer.seal(body.password, {
        routingKey: VerifyPasswordCommand.routingKey,
        purpose: verifyPasswordPurpose(body.userName),
      }),
    });
    await this.audit.record(principal.actor, 'authentication.tested', [], {
      userName: body.userName,
      outcome: result.outcome,
    });
    return result;
  }
}
