import 'reflect-metadata';
// Nest and TypeORM load these lazily; importing them here keeps them in any bundle's dependencies.
import 'amqplib';
import 'amqp-connection-manager';
import 'pg';
import { startService } from '@dirsync/messaging';
import { AppModule } from './app.module';
import { loadAuthGatewayEnv } from './config/auth-gateway.env';
import { authGatewayHttpAdapter } from './http/http-adapter';

startService('auth-gateway', loadAuthGatewayEnv, (env) => {
  if (env.OIDC_ALLOW_INSECURE_HTTP_ISSUER) {
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', service: 'auth-gateway', msg: 'OIDC_ALLOW_INSECURE_HTTP_ISSUER is set: AD FS over plain http is accepted (tests only)' })}\n`,
    );
  }
  return {
    module: AppModule.register(env),
    globalPrefix: 'api/v1',
    httpAdapter: authGatewayHttpAdapter(env),
  };
});
