/** The services that answer requests over RabbitMQ; each consumes one queue named after it. */
export const SERVICE_NAMES = [
  'config-api',
  'directory-reader',
  'sync-planner',
  'user-store',
  'auth-gateway',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
