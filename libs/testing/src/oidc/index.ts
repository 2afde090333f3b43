// A separate entry (`@dirsync/testing/oidc`): loading oidc-provider costs
// every test that only needs the servers' env, so only OpenID tests pay it.
export * from './fake-adfs';
export * from './test-browser';
