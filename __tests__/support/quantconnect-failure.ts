/** The QuantConnectError a client call rejects with; fails the test when it resolves or rejects otherwise. */
import { QuantConnectError } from '../../lambda/quantconnect/errors';

export async function failure(call: Promise<unknown>): Promise<QuantConnectError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof QuantConnectError)) throw new Error(`expected a QuantConnectError, got ${String(error)}`);
  return error;
}
