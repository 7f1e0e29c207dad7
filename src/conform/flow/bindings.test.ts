import { describe, expect, it } from 'vitest';
import { lintContract } from '../../contract/lint';
import { loadContract } from '../../contract/load';
import { scanBindings } from './bindings';

const FIXTURE = 'test-data/contracts/bad-depends-on.yaml';

describe('scanBindings on a broken x-pacer-depends-on', () => {
  it('binds only what the shared parser accepts, warning with the same messages lint reports', async () => {
    const contract = await loadContract(FIXTURE);
    const { bindings, warnings } = scanBindings(contract);
    const declared = bindings.filter((b) => b.via === 'depends-on');
    expect(declared.map((b) => [b.consumer, b.producer, b.target, b.expression])).toEqual([
      ['moveThing', 'createThing', { in: 'path', name: 'id' }, '$response.body#/id'],
      ['moveThing', 'createThing', { in: 'body', name: '/amount' }, '$request.body#/amount'],
      ['moveThing', 'createThing', { in: 'body', name: '/to/shelf' }, '$response.header.Location'],
    ]);
    // A warning (an undocumented source) keeps its bind: /to/shelf above.
    // Entry 3 has a stray key beside a good bind: the bind is used (and deduplicated with entry 0's).
    expect(bindings.filter((b) => b.consumer === 'moveThing' && b.target.name === 'id')).toHaveLength(1);

    const lint = await lintContract(FIXTURE);
    const messages = lint.problems.filter((p) => p.rule === 'pacer-extension').map((p) => p.message);
    expect(messages).toHaveLength(8);
    expect(warnings).toHaveLength(messages.length);
    for (const message of messages) expect(warnings.some((w) => w.includes(message))).toBe(true);
  });
});
