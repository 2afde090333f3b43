export * from './app-error';
export * from './app-error.http-filter';
export * from './validation';
export * from './env';
export * from './logging';
export * from './health';
export * from './bootstrap';
