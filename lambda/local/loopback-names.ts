/**
 * The names of a server on the loopback interface. A user told `http://127.0.0.1:3000` may well
 * type `http://localhost:3000`, and an OAuth client then needs the protected-resource metadata to
 * name the URL it used (RFC 9728 §3.3: it refuses a `resource` other than the URL it connected
 * to), and a token for that URL. Both names reach the same process on the same port, so the server
 * answers each as its own resource; any other Host (a DNS-rebinding name among them) gets the
 * origin the server printed.
 */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether the server's HOST listens on loopback only (no other machine can reach it). */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return LOOPBACK_HOSTS.includes(name) || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** `origin` as the request named it, when its Host is a loopback name of `origin` at the same port. */
export function originAsReached(origin: string, host: string | undefined): string {
  const own = new URL(origin);
  if (host === undefined || !LOOPBACK_HOSTS.includes(own.hostname)) return origin;
  let reached: URL;
  try {
    reached = new URL(`${own.protocol}//${host}`);
  } catch {
    return origin;
  }
  const samePlace = LOOPBACK_HOSTS.includes(reached.hostname) && reached.port === own.port && reached.host === host;
  return samePlace ? reached.origin : origin;
}
