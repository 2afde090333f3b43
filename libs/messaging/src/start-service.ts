import type { ServiceName } from '@dirsync/contracts';
import {
  type BaseServiceEnv,
  bootstrapService,
  exitOnStartupFailure,
  type ServiceBootstrapOptions,
} from '@dirsync/service-kit';
import { messagingOptionsFromEnv } from './messaging-options.from-env';
import { rpcServerOptions } from './rpc-server.options';

/**
 * A service's whole `main`: validate the environment, build the root
 * module from it, answer the service's RabbitMQ request queue and serve
 * HTTP; any start-up failure is one JSON line and exit code 1.
 */
export function startService<E extends BaseServiceEnv>(
  service: ServiceName,
  loadEnvironment: () => E,
  describe: (
    env: E,
  ) => Pick<
    ServiceBootstrapOptions,
    'module' | 'globalPrefix' | 'configure' | 'htmlPathPrefixes' | 'httpAdapter'
  >,
): void {
  const start = async () => {
    const env = loadEnvironment();
    await bootstrapService({
      ...describe(env),
      httpHost: env.HTTP_HOST,
      httpPort: env.HTTP_PORT,
      microservice: rpcServerOptions(messagingOptionsFromEnv(env, service)),
    });
  };
  start().catch(exitOnStartupFailure(service));
}
