/**
 * The Lambda entry point (API Gateway REST proxy events). Everything here runs once per
 * container, at init: configuration (a bad value fails the init with a message naming the
 * variable), the client, the credentials provider. Requests reuse them.
 */
import { loadRuntimeConfig } from './config';
import { productionDependencies } from './dependencies';
import { createHandler } from './http/handler';
import { withOAuthRoutes } from './auth/oauth-routes';

const config = loadRuntimeConfig();

// The OAuth routes (authorization proxy, registration) when the stack names a user pool.
export const handler = withOAuthRoutes(
  createHandler({
    ...productionDependencies(config),
    allowedOrigins: config.allowedOrigins,
    environment: config.environment,
    auth: config.auth,
  }),
);
