import { describe, expect, it } from 'vitest';
import { PacerError } from '../../errors';
import { faultNames } from '../../sandbox/faults/index';
import { main } from '../main';
import { sandboxOptionsFromFlags } from './sandbox';

const base = { fault: [], apiKey: [] };

describe('pacer sandbox flags', () => {
  it('turns flags into options (durations parsed, faults and keys collected)', () => {
    expect(
      sandboxOptionsFromFlags({
        ...base,
        port: '8080',
        limit: '20',
        window: '2s',
        fault: ['admit-one-extra', 'reset-in-ms'],
        trustProxy: '1',
        concurrency: '4',
        apiKey: ['a', 'b'],
        serverErrorRate: '0.5',
      }),
    ).toMatchObject({
      port: 8080,
      limit: 20,
      windowMs: 2000,
      faults: ['admit-one-extra', 'reset-in-ms'],
      trustProxy: 1,
      concurrency: 4,
      apiKeys: ['a', 'b'],
      serverErrorRate: 0.5,
    });
  });

  it.each([
    [{ ...base, limit: 'many' }, '--limit'],
    [{ ...base, port: '70000' }, '--port'],
    [{ ...base, window: '10' }, '--window'],
    [{ ...base, concurrency: '0' }, '--concurrency'],
    [{ ...base, serverErrorRate: '1.5' }, '--server-error-rate'],
  ])('refuses %j naming the flag', (flags, option) => {
    try {
      sandboxOptionsFromFlags(flags);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PacerError);
      expect((err as PacerError).context.option).toBe(option);
    }
  });
});

describe('pacer sandbox command', () => {
  it('--list-faults prints one fault per line and exits 0', async () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      out.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['sandbox', '--list-faults']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(faultNames());
  });

  it('an unknown fault exits 2 with one line', async () => {
    const err: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      err.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['sandbox', '--fault', 'admit-one-extra,bogus']);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/^pacer: .*unknown fault "bogus".*\n$/);
  });
});
