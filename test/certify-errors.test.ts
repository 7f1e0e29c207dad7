import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killStray, runCli } from './certify-support';

const tmp = mkdtempSync(join(tmpdir(), 'pacer-certify-err-'));
afterAll(() => {
  killStray();
  rmSync(tmp, { recursive: true, force: true });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('pacer certify usage and reachability errors', () => {
  it('a target that is down: exit 3, one clear line, no run folder', async () => {
    const out = join(tmp, 'down');
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stderr } = await runCli(['certify', '--quick', '--target', url, '--out', out], {
      PACER_API_KEY: 'some-key-1234',
    }).done;
    expect(code).toBe(3);
    const lines = stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('pacer:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/unreachable/);
    expect(lines[0]).toContain(url);
    expect(() => readdirSync(out)).toThrow();
  }, 60_000);

  it('a bad config: exit 2 naming the file, the field and its line', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'apiKeyEnv: PACER_API_KEY\npolicy:\n  limit: 30\n  window: 3 seconds\n');
    const { code, stderr } = await runCli(['certify', '--config', file, '--out', join(tmp, 'bad')]).done;
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:4`);
    expect(stderr).toContain('policy.window');
  }, 60_000);

  it('an unknown config key (e.g. the key itself instead of its variable): exit 2 naming it', async () => {
    const file = join(tmp, 'unknown.yaml');
    writeFileSync(file, 'target: http://127.0.0.1:9\napiKey: pk-should-be-a-variable-name\n');
    const { code, stderr } = await runCli(['certify', '--config', file]).done;
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:2`);
    expect(stderr).toContain('unknown field "apiKey"');
    // the value is never echoed
    expect(stderr).not.toContain('pk-should-be-a-variable-name');
  }, 60_000);

  it('an unknown check id on the command line: exit 2 naming the flag', async () => {
    const { code, stderr } = await runCli(['certify', '--checks', 'RL-NOPE']).done;
    expect(code).toBe(2);
    expect(stderr).toMatch(/--checks.*RL-NOPE/);
  }, 60_000);
});
