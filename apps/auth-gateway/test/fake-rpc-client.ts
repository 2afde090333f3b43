import {
  type DirectorySettings,
  RPC_CONTRACTS,
  type RpcReply,
  type RpcRequest,
  type SingleReplyRoutingKey,
  type StoredUser,
} from '@dirsync/contracts';
import { sealDirectorySettings, type TransportSealer } from '@dirsync/messaging';
import { AppError, validatePlain } from '@dirsync/service-kit';

/**
 * Stands in for user-store and config-api in the gateway's service tests
 * (the lead's end-to-end tests run the real ones). Requests are validated
 * against their contract classes, as the real handlers would.
 */
export class FakeRpcClient {
  users: StoredUser[] = [];
  settings: DirectorySettings | null = null;
  /** Every request, for "was the store even asked?" assertions. */
  readonly calls: { routingKey: string; request: unknown }[] = [];

  /** `sealer`: the gateway's transport keys, with which config-api seals the settings' secrets. */
  constructor(private readonly sealer: TransportSealer) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- the real client is async
  async call<K extends SingleReplyRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Promise<RpcReply<K>> {
    this.calls.push({ routingKey, request });
    const checked = validatePlain(RPC_CONTRACTS[routingKey].request as never, request);
    // validatePlain refuses any instance of a class without decorated fields (class-validator's
    // forbidUnknownValues), which GetDirectorySettingsQuery is: reported; not the gateway's to fix.
    if (checked.problems.length > 0 && Object.keys(request).length > 0) {
      throw new AppError('invalid-message', `invalid ${routingKey} request`, {
        details: checked.problems,
      });
    }
    return this.answer(routingKey, request as unknown as Record<string, string>) as RpcReply<K>;
  }

  private answer(routingKey: SingleReplyRoutingKey, request: Record<string, string>): unknown {
    if (routingKey === 'users.find.v1') {
      const name = (request['userName'] ?? '').toLowerCase();
      return { user: this.users.find((user) => user.userName.toLowerCase() === name) ?? null };
    }
    if (routingKey === 'users.find-by-email.v1') {
      const address = (request['emailAddress'] ?? '').toLowerCase();
      const user = this.users.find((candidate) =>
        candidate.emailAddresses.some((a) => a.toLowerCase() === address),
      );
      return { user: user ?? null };
    }
    if (routingKey === 'settings.directory.get.v1') {
      const audience =
        request['audience'] === 'directory-reader' ? 'directory-reader' : 'auth-gateway';
      const sealed = this.settings && sealDirectorySettings(this.settings, audience, this.sealer);
      return { settings: sealed, version: 1 };
    }
    throw new Error(`FakeRpcClient: auth-gateway does not call ${routingKey}`);
  }
}
