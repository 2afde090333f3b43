export * from './user-field-diff';
