export * from './servers-env';
export * from './free-port';
export * from './throwaway-database';
export * from './event-capture';
export * from './service-processes';
export * from './dirsync-system';
export * from './private-servers';
export * from './slapd-fixture';
