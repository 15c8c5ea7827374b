/** /account/read and /lean/versions/read: the two endpoints that take no body. */
import type { Handler } from '../body';
import { LEAN_VERSIONS } from '../catalog';

const readAccount: Handler = (_body, world) => ({
  ...(world.notice === undefined ? {} : { notice: world.notice }),
  organizationId: world.organizationId,
  creditBalance: 1_234.5,
  card: { brand: 'visa', expiration: '12/28', last4: '4242' },
});

const readLeanVersions: Handler = () => ({ versions: LEAN_VERSIONS });

export const accountHandlers: Record<string, Handler> = {
  '/account/read': readAccount,
  '/lean/versions/read': readLeanVersions,
};
