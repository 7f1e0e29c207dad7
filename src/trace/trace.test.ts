import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpEngine } from '../engine/http-engine';
import { startTestServer, type TestServer } from '../engine/test-server';
import { createNdjsonTraceWriter } from './ndjson-writer';
import { readTrace, streamTrace } from './read-trace';
import { createMemorySink } from './sinks';
import type { TraceRecord } from './types';

const dir = mkdtempSync(join(tmpdir(), 'pacer-trace-'));
const KEY = 'pk_live_0123456789abcdef';

function record(seq: number, extra: Partial<TraceRecord> = {}): TraceRecord {
  return {
    seq,
    probe: 'exhaust',
    source: '127.0.0.2',
    operationId: 'getBalances',
    method: 'GET',
    pathTemplate: '/v1/balances',
    path: '/v1/balances',
    keyLabel: 'primary',
    intendedMs: seq,
    sentMs: seq + 0.5,
    firstByteMs: seq + 2,
    endMs: seq + 3,
    sentAtEpochMs: 1_700_000_000_000 + seq,
    status: seq % 5 === 0 ? 429 : 200,
    headers: {
      limit: '300',
      remaining: String(300 - seq),
      reset: '1700000060',
      retryAfter: seq % 5 === 0 ? '12' : null,
      date: 'Tue, 14 Nov 2023 22:13:20 GMT',
      cacheControl: null,
      contentType: 'application/json',
    },
    bodySize: 17,
    ...extra,
  };
}

describe('NDJSON trace', () => {
  it('round-trips records in order', async () => {
    const file = join(dir, 'nested', 'round.ndjson');
    const writer = createNdjsonTraceWriter(file);
    const written = Array.from({ length: 50 }, (_, i) =>
      record(i + 1, i === 4 ? { body: { error: 'x' } } : {}),
    );
    for (const r of written) writer.write(r);
    await writer.close();
    expect(writer.count).toBe(50);
    expect(await readTrace(file)).toEqual(written);
    const streamed: number[] = [];
    for await (const r of streamTrace(file)) streamed.push(r.seq);
    expect(streamed).toEqual(written.map((r) => r.seq));
  });

  it('flushes on its own within the interval, and at once with flushSync', async () => {
    const file = join(dir, 'flush.ndjson');
    const writer = createNdjsonTraceWriter(file, { flushIntervalMs: 50 });
    writer.write(record(1));
    expect(readFileSync(file, 'utf8')).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(2);
    writer.write(record(2));
    writer.flushSync();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    await writer.close();
    await writer.close();
    expect(() => writer.write(record(3))).toThrow(expect.objectContaining({ code: 'PACER_ERR_FILE' }));
  });

  it('tolerates a truncated last line (interrupted run)', async () => {
    const file = join(dir, 'truncated.ndjson');
    const lines = [record(1), record(2)].map((r) => JSON.stringify(r)).join('\n');
    writeFileSync(file, `${lines}\n${JSON.stringify(record(3)).slice(0, 40)}`);
    expect((await readTrace(file)).map((r) => r.seq)).toEqual([1, 2]);
    // a complete last record without its newline is still a record
    writeFileSync(file, lines);
    expect((await readTrace(file)).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('is strict about any other bad line, naming file and line', async () => {
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, `${JSON.stringify(record(1))}\n{"seq": 2, oops\n${JSON.stringify(record(3))}\n`);
    await expect(readTrace(file)).rejects.toMatchObject({
      code: 'PACER_ERR_PARSE',
      context: { file, line: 2 },
    });
    const { seq: _drop, ...noSeq } = record(2);
    writeFileSync(file, `${JSON.stringify(record(1))}\n\n${JSON.stringify(noSeq)}\n`);
    await expect(readTrace(file)).rejects.toMatchObject({ code: 'PACER_ERR_PARSE', context: { line: 3 } });
    // a truncated line that is followed by a newline was not the interrupted tail: strict
    writeFileSync(file, `${JSON.stringify(record(1)).slice(0, 30)}\n`);
    await expect(readTrace(file)).rejects.toMatchObject({ code: 'PACER_ERR_PARSE', context: { line: 1 } });
    await expect(readTrace(join(dir, 'missing.ndjson'))).rejects.toMatchObject({ code: 'PACER_ERR_FILE' });
  });
});

describe('secrets never reach a trace', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      // a hostile target echoing the key back in a 4xx body and a header
      '/reflect': (req, res) => {
        res.statusCode = 401;
        res.setHeader('x-seen-key', String(req.headers['x-api-key']));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: `bad key ${String(req.headers['x-api-key'])}` }));
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('engine + writer: the key is sent but never written', async () => {
    const file = join(dir, 'secrets.ndjson');
    const memory = createMemorySink();
    const writer = createNdjsonTraceWriter(file, { secrets: [KEY] });
    const engine = createHttpEngine({
      target: server.url,
      apiKeys: { primary: KEY },
      onRecord: (r) => {
        writer.write(r);
        memory.write(r);
      },
    });
    const base = { probe: 'p', operationId: null, method: 'GET', keyLabel: 'primary' };
    await engine.send({ ...base, pathTemplate: '/ok', path: '/ok' });
    await engine.send({ ...base, pathTemplate: '/echo', path: '/echo', keepBody: true });
    await engine.send({ ...base, pathTemplate: '/reflect', path: '/reflect', keepBody: true });
    // a caller mistake: the key put into extra headers is masked too
    await engine.send({ ...base, pathTemplate: '/ok', path: '/ok', headers: { 'X-Api-Key': KEY } });
    await engine.close();
    await writer.close();
    expect(server.seen.filter((s) => s.headers['x-api-key'] === KEY)).toHaveLength(4);
    expect(memory.records).toHaveLength(4);
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(4);
    expect(text).not.toContain(KEY);
    expect(text).toContain('[redacted]');
    const back = await readTrace(file);
    expect(back.map((r) => r.keyLabel)).toEqual(['primary', 'primary', 'primary', 'primary']);
  });

  it('the writer masks a key wherever it hides in a record, JSON-escaped ones included', async () => {
    const file = join(dir, 'secrets-anywhere.ndjson');
    const quoted = 'k"ey\\1';
    const writer = createNdjsonTraceWriter(file, { secrets: [KEY, quoted, ''] });
    writer.write(
      record(1, {
        path: `/v1/x?key=${KEY}`,
        error: { code: 'E', message: `failed with ${KEY} and ${quoted}` },
      }),
    );
    await writer.close();
    const [back] = await readTrace(file);
    expect(back.path).toBe('/v1/x?key=[redacted]');
    expect(back.error?.message).toBe('failed with [redacted] and [redacted]');
  });
});

describe('sinks', () => {
  it('appendFileSync-style partial writes are read back up to the last complete line', async () => {
    const file = join(dir, 'partial.ndjson');
    writeFileSync(file, '');
    appendFileSync(file, `${JSON.stringify(record(1))}\n`);
    appendFileSync(file, '{"seq":2,"probe":"exh');
    expect((await readTrace(file)).map((r) => r.seq)).toEqual([1]);
  });
});
