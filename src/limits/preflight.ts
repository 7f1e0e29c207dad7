import { connect, createServer } from 'node:net';
import { unreachableError, usageError } from '../errors';

/**
 * Opens (and closes) one TCP connection to the target from `source`: a down target is told apart
 * from a slow or misbehaving one without spending any of the rate-limit quota.
 */
export async function assertReachable(
  target: string,
  source: string | null,
  timeoutMs: number,
): Promise<void> {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port, ...(source ? { localAddress: source } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(unreachableError(`target ${url.origin} did not accept a connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(unreachableError(`target ${url.origin} is unreachable: ${error.code ?? error.message}`, error));
    });
  });
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
