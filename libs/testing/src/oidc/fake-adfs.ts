import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { LoopbackServer } from '../loopback-server';

/** The claims AD FS puts in an ID token for one person. */
export interface FakeAdfsAccount {
  upn?: string;
  unique_name?: string;
  email?: string;
}

export interface FakeAdfsOptions {
  clientId: string;
  /** The one redirect URI registered for the client (exact match, as AD FS does). */
  redirectUri: string;
  /** Omit for a public client (PKCE only), as AD FS "native application" clients are. */
  clientSecret?: string;
  /** accountId → claims. */
  accounts: Record<string, FakeAdfsAccount>;
}

/** Changes an ID token on its way out of the token endpoint, to test that the gateway refuses it. */
export interface IdTokenTamper {
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Sign with a key the provider does not publish (same `kid`): the signature must not verify. */
  foreignKey?: boolean;
}

type Keys = Awaited<ReturnType<typeof generateKeyPair>>;

/**
 * A real OpenID provider (panva's certified oidc-provider) set up like AD FS:
 * issuer `http://127.0.0.1:PORT/adfs`, discovery under
 * `/adfs/.well-known/openid-configuration`, `upn`/`unique_name`/`email` in
 * the ID token, RS256, PKCE, one registered client. The login step is
 * completed programmatically as the account chosen with `signInAs`, so a
 * test drives the whole code flow with plain HTTP requests, no browser.
 */
export class FakeAdfs {
  /** Query parameters of every authorization request received, in order. */
  readonly authorizationRequests: URLSearchParams[] = [];
  /** Path and query of every request received. */
  readonly requests: string[] = [];
  /** How many times a person was asked to log in (an SSO session skips it unless prompt=login). */
  loginPrompts = 0;

  private provider!: Provider;
  private providerHandler!: (req: IncomingMessage, res: ServerResponse) => void;
  private account: string | undefined;
  private tamper: IdTokenTamper | null = null;

  private constructor(
    private readonly server: LoopbackServer<Server>,
    readonly issuer: string,
    private readonly keys: Keys,
    private readonly foreignKeys: Keys,
  ) {}

  static async start(options: FakeAdfsOptions): Promise<FakeAdfs> {
    const server = await LoopbackServer.listen(createServer());
    const port = server.port;
    const keys = await generateKeyPair('RS256', { extractable: true });
    const foreignKeys = await generateKeyPair('RS256', { extractable: true });
    const fake = new FakeAdfs(server, `http://127.0.0.1:${port}/adfs`, keys, foreignKeys);
    await fake.configure(options);
    server.server.on('request', (req: IncomingMessage, res: ServerResponse) =>
      fake.handle(req, res),
    );
    return fake;
  }

  /** The URI an admin would paste into the settings (AD FS's issuer). */
  get discoveryUri(): string {
    return this.issuer;
  }

  /** Who logs in at the next login prompt. */
  signInAs(accountId: string): void {
    this.account = accountId;
  }

  /** Alter (and re-sign) the ID tokens issued from now on; null stops it. */
  tamperIdTokens(tamper: IdTokenTamper | null): void {
    this.tamper = tamper;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private async configure(options: FakeAdfsOptions): Promise<void> {
    const jwk = {
      ...(await exportJWK(this.keys.privateKey)),
      kid: 'fake-adfs-1',
      alg: 'RS256',
      use: 'sig',
    };
    const accounts = options.accounts;
    this.provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: options.clientId,
          redirect_uris: [options.redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: options.clientSecret ? 'client_secret_post' : 'none',
          ...(options.clientSecret ? { client_secret: options.clientSecret } : {}),
          id_token_signed_response_alg: 'RS256',
        },
      ],
      jwks: { keys: [jwk] },
      adapter: memoryAdapter(),
      // AD FS's defaults: ID and access tokens for an hour, codes for a minute.
      ttl: {
        AccessToken: 3_600,
        AuthorizationCode: 60,
        IdToken: 3_600,
        Interaction: 600,
        Session: 28_800,
        Grant: 28_800,
      },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      scopes: ['openid', 'profile', 'email'],
      claims: { openid: ['sub', 'upn', 'unique_name'], profile: ['name'], email: ['email'] },
      // AD FS puts the claims in the ID token itself, not only behind the userinfo endpoint.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) =>
          `/adfs/interaction/${interaction.uid}`,
      },
      findAccount: (_ctx: unknown, accountId: string) => {
        const claims = accounts[accountId];
        return claims ? { accountId, claims: () => ({ sub: accountId, ...claims }) } : undefined;
      },
      // Consent is given once and for all, as an AD FS application group does.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const clientId = ctx.oidc.client?.clientId;
        const accountId = ctx.oidc.session?.accountId;
        if (!clientId || !accountId) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
        grant.addOIDCScope('openid profile email');
        grant.addOIDCClaims(['upn', 'unique_name', 'email']);
        await grant.save();
        return grant;
      },
      renderError: (ctx: KoaContextWithOIDC, out: Record<string, unknown>) => {
        ctx.type = 'json';
        ctx.body = out;
      },
    });
    this.provider.use(async (ctx, next) => {
      await next();
      if (this.tamper && ctx.oidc?.route === 'token')
        await this.tamperTokenResponse(ctx, this.tamper);
    });
    // Koa composes the middleware when the callback is made: after `use`.
    this.providerHandler = this.provider.callback();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    this.requests.push(url);
    if (url.startsWith('/adfs/interaction/')) {
      this.completeInteraction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (url === '/adfs' || url.startsWith('/adfs/') || url.startsWith('/adfs?')) {
      if (/^\/adfs\/auth(\?|$)/.test(url))
        this.authorizationRequests.push(new URL(url, this.issuer).searchParams);
      // Mounted under /adfs: the provider derives its mount path from originalUrl.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice('/adfs'.length) || '/';
      this.providerHandler(req, res);
      return;
    }
    res.statusCode = 404;
    res.end();
  }

  /** The login page, answered at once as the chosen account. */
  private async completeInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await this.provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login')
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    if (!this.account) throw new Error('FakeAdfs: call signInAs(accountId) before signing in');
    this.loginPrompts += 1;
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId: this.account } },
      { mergeWithLastSubmission: false },
    );
  }

  private async tamperTokenResponse(ctx: KoaContextWithOIDC, tamper: IdTokenTamper): Promise<void> {
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    const header = decodeProtectedHeader(body.id_token);
    const claims = tamper.claims
      ? tamper.claims(decodeJwt(body.id_token))
      : decodeJwt(body.id_token);
    const key = tamper.foreignKey ? this.foreignKeys.privateKey : this.keys.privateKey;
    body.id_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? 'fake-adfs-1' })
      .sign(key);
  }
}

interface StoredModel {
  payload: Record<string, unknown>;
  expiresAt: number;
}

/** oidc-provider's storage, in memory, one store per provider (its built-in one is global and warns loudly). */
function memoryAdapter() {
  const models = new Map<string, StoredModel>();
  return class MemoryAdapter {
    constructor(private readonly name: string) {}

    // eslint-disable-next-line @typescript-eslint/require-await -- oidc-provider's adapter API is async
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
      models.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }

    // eslint-disable-next-line @typescript-eslint/require-await -- oidc-provider's adapter API is async
    async find(id: string): Promise<Record<string, unknown> | undefined> {
      const model = models.get(this.key(id));
      return model && model.expiresAt > Date.now() ? model.payload : undefined;
    }

    findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return this.findWhere((payload) => payload['uid'] === uid);
    }

    findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return this.findWhere((payload) => payload['userCode'] === userCode);
    }

    async consume(id: string): Promise<void> {
      const payload = await this.find(id);
      if (payload) payload['consumed'] = Math.floor(Date.now() / 1000);
    }

    // eslint-disable-next-line @typescript-eslint/require-await -- oidc-provider's adapter API is async
    async destroy(id: string): Promise<void> {
      models.delete(this.key(id));
    }

    // eslint-disable-next-line @typescript-eslint/require-await -- oidc-provider's adapter API is async
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, model] of models) {
        if (model.payload['grantId'] === grantId) models.delete(key);
      }
    }

    // eslint-disable-next-line @typescript-eslint/require-await -- oidc-provider's adapter API is async
    private async findWhere(
      test: (payload: Record<string, unknown>) => boolean,
    ): Promise<Record<string, unknown> | undefined> {
      const prefix = `${this.name}:`;
      for (const [key, model] of models) {
        if (key.startsWith(prefix) && model.expiresAt > Date.now() && test(model.payload))
          return model.payload;
      }
      return undefined;
    }

    private key(id: string): string {
      return `${this.name}:${id}`;
    }
  };
}
