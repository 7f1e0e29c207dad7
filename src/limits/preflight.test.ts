import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PacerError } from '../errors';
import { assertReachable } from './preflight';

const tlsFile = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../../test-data/tls/${name}`, import.meta.url)));

const servers: Array<Server | HttpsServer> = [];
const sockets: Socket[] = [];
afterEach(async () => {
  // a failed handshake leaves the server side open until its own timeout: end it here
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function listen<S extends Server | HttpsServer>(server: S): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const failure = (p: Promise<void>): Promise<PacerError> =>
  p.then(
    () => {
      throw new Error('expected the preflight to fail');
    },
    (e: unknown) => e as PacerError,
  );

describe('assertReachable', () => {
  it('passes a listening http target without sending a request', async () => {
    let bytes = 0;
    const port = await listen(createServer((s) => s.on('data', (c: Buffer) => (bytes += c.length))));
    await assertReachable(`http://127.0.0.1:${port}`, null, 2000);
    expect(bytes).toBe(0);
  });

  it('does the TLS handshake for https: an untrusted certificate is unreachable, with the way out', async () => {
    const port = await listen(createHttpsServer({ key: tlsFile('key.pem'), cert: tlsFile('cert.pem') }));
    const error = await failure(assertReachable(`https://127.0.0.1:${port}`, null, 2000));
    expect(error).toBeInstanceOf(PacerError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('an https target that does not speak TLS is unreachable, without the certificate hint', async () => {
    const port = await listen(createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const error = await failure(assertReachable(`https://127.0.0.1:${port}`, null, 2000));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/is unreachable/);
    expect(error.message).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('a closed port is unreachable, naming the OS code', async () => {
    const port = await listen(createServer());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = await failure(assertReachable(`http://127.0.0.1:${port}`, null, 2000));
    expect(error.message).toContain('ECONNREFUSED');
  });
});
