import { connect, createServer, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { unreachableError, usageError } from '../errors';

/**
 * Opens (and closes) one connection to the target from `source`, with the TLS handshake for https:
 * a down target, or one whose certificate this machine does not trust, is told apart from a slow or
 * misbehaving one without spending any of the rate-limit quota (no HTTP request is sent).
 */
export async function assertReachable(
  target: string,
  source: string | null,
  timeoutMs: number,
): Promise<void> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const tls = url.protocol === 'https:';
  await new Promise<void>((resolve, reject) => {
    const local = source ? { localAddress: source } : {};
    const socket: Socket = tls
      ? connectTls({
          host,
          port,
          ...local,
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ALPNProtocols: ['http/1.1'],
        })
      : connect({ host, port, ...local });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(unreachableError(`target ${url.origin} did not accept a connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.end();
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(unreachableError(unreachableMessage(url.origin, error, tls), error));
    });
  });
}

/** Certificate failures name the way out; everything else is the OS's code. */
function unreachableMessage(origin: string, error: NodeJS.ErrnoException, tls: boolean): string {
  const code = error.code ?? error.message;
  if (tls && (code.includes('CERT') || code.includes('SELF_SIGNED') || code.includes('ISSUER')))
    return (
      `target ${origin}: its TLS certificate is not trusted here (${code}); ` +
      'trust the CA that signed it with NODE_EXTRA_CA_CERTS=/path/to/ca.pem'
    );
  return `target ${origin} is unreachable: ${code}`;
}

/**
 * Each source address must belong to this machine (binding to it is how requests leave from it);
 * a typo in --source-ips is a usage error naming the address, not an unreachable target.
 */
export async function assertLocalAddresses(sources: readonly string[]): Promise<void> {
  for (const address of sources) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          usageError(
            `source address ${address} is not available on this machine (${error.code ?? error.message})`,
            '--source-ips',
          ),
        ),
      );
      server.listen(0, address, () => server.close(() => resolve()));
    });
  }
}
