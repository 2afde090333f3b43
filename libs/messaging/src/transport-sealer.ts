import { ValidateBy, type ValidationOptions } from 'class-validator';
import {
  activeKeyIdOf,
  AppError,
  openWithKey,
  parseKeyList,
  sealedParts,
  sealWithKey,
} from '@dirsync/service-kit';

/**
 * Where a sealed value belongs: the routing key of the message that carries
 * it and what it is in that message (`connection.bindPassword`, `password of
 * jdoe`). Both are the associated data of the seal, so a value sealed for one
 * message cannot be replayed into another.
 */
export interface SealContext {
  routingKey: string;
  purpose: string;
}

const FORMAT = 't1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_LIST =
  /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/;

/**
 * AES-256-GCM for secrets that cross the broker (AMQP is not encrypted unless
 * amqps is used). The keys are shared by config-api and the services that use
 * the secret (`TRANSPORT_SEALING_KEYS`). A sealed value names its key
 * (`t1:<keyId>:<iv>:<tag>:<data>`, base64 parts), so keys rotate: every key
 * opens, the active one (the first, or `TRANSPORT_SEALING_ACTIVE_KEY`) seals.
 */
export class TransportSealer {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (!KEY_ID.test(id)) throw new Error(`transport key id ${id} is not a valid key id`);
      if (key.length !== 32)
        throw new Error(`transport key ${id} must be 32 bytes, is ${key.length}`);
    }
    if (!keys.has(activeKeyId))
      throw new Error(
        `the active transport key ${activeKeyId} (TRANSPORT_SEALING_ACTIVE_KEY) is not in TRANSPORT_SEALING_KEYS`,
      );
    this.keys = keys;
  }

  /** Parses `id:base64,id:base64`; the active key defaults to the first. */
  static fromConfig(spec: string, activeKeyId?: string): TransportSealer {
    const keys = parseKeyList(spec);
    return new TransportSealer(keys, activeKeyIdOf(keys, activeKeyId));
  }

  seal(plaintext: string, context: SealContext): string {
    const key = this.keyOf(this.activeKeyId);
    return sealWithKey(FORMAT, this.activeKeyId, key, plaintext, associatedData(context));
  }

  /** The plaintext, or `sealed-value-refused` (unknown key, altered, or sealed for another context). */
  open(sealed: string, context: SealContext): string {
    const parts = sealedParts(sealed);
    const { format, keyId } = parts;
    if (format !== FORMAT) {
      throw new AppError('sealed-value-refused', `${context.purpose}: not a sealed value`);
    }
    const key = this.keys.get(keyId);
    if (!key) {
      throw new AppError(
        'sealed-value-refused',
        `${context.purpose}: sealed with transport key ${keyId}, which is not configured here (TRANSPORT_SEALING_KEYS)`,
      );
    }
    try {
      return openWithKey(parts, key, associatedData(context));
    } catch (error) {
      throw new AppError(
        'sealed-value-refused',
        `${context.purpose}: the sealed value was altered or sealed for another message (${context.routingKey})`,
        { cause: error },
      );
    }
  }

  private keyOf(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`transport key ${id} is not configured`);
    return key;
  }
}

function associatedData({ routingKey, purpose }: SealContext): Buffer {
  return Buffer.from(`dirsync-transport\u0000${routingKey}\u0000${purpose}`, 'utf8');
}

/** For an env class: `keyId:base64-of-32-bytes[,…]`, as TRANSPORT_SEALING_KEYS. */
export function IsTransportKeyList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTransportKeyList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && KEY_LIST.test(value),
        defaultMessage: () =>
          'must be a comma-separated list of keyId:base64-of-32-bytes (e.g. t1:$(openssl rand -base64 32))',
      },
    },
    options,
  );
}

/** The service's TransportSealer, built (and so checked) at start-up from its environment. */
export function transportSealerProvider(env: {
  TRANSPORT_SEALING_KEYS: string;
  TRANSPORT_SEALING_ACTIVE_KEY?: string;
}) {
  return {
    provide: TransportSealer,
    useValue: TransportSealer.fromConfig(
      env.TRANSPORT_SEALING_KEYS,
      env.TRANSPORT_SEALING_ACTIVE_KEY,
    ),
  };
}
