import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Contract } from '../contract/types';
import { PacerError } from '../errors';
import type { BusinessLogic } from './handler-types';
import { createHandler } from './http/handler';
import { type ResolvedOptions, resolveOptions } from './options';
import type { Sandbox, SandboxOptions } from './types';

export interface SandboxParts {
  contract: Contract;
  logic: BusinessLogic;
  /** Wall clock override (tests). */
  now?: () => number;
}

function listenError(err: NodeJS.ErrnoException, o: ResolvedOptions): PacerError {
  const where = `${o.host}:${o.port}`;
  const why =
    err.code === 'EADDRINUSE'
      ? `port ${o.port} on ${o.host} is already in use`
      : err.code === 'EACCES'
        ? `no permission to listen on ${where}`
        : err.code === 'EADDRNOTAVAIL'
          ? `address ${o.host} is not available on this machine`
          : `cannot listen on ${where}: ${err.message}`;
  return new PacerError('PACER_ERR_INVALID_OPTION', why, { option: '--port', cause: err });
}

/** Starts the sandbox around an already loaded contract and business logic. */
export async function startSandboxWith(options: SandboxOptions, parts: SandboxParts): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const answered = new Set(parts.logic.operationIds());
  const missing = parts.contract.operations.map((op) => op.operationId).filter((id) => !answered.has(id));
  if (missing.length > 0) {
    throw new PacerError(
      'PACER_ERR_CONTRACT_INVALID',
      `the sandbox's business logic does not answer ${missing.join(', ')}`,
      { file: parts.contract.file },
    );
  }
  const handler = createHandler({
    contract: parts.contract,
    logic: parts.logic,
    options: resolved,
    now: parts.now,
  });
  const server = createServer({ keepAliveTimeout: 65_000 }, handler.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, resolved)));
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    options: Object.freeze({ ...options }),
    truth: () => handler.truth(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
