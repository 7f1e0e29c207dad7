import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJunit } from '../src/report/junit';
import { HOSTILE, syntheticRecords, syntheticResults } from '../src/report/test-support/synthetic';
import type { RunResults } from '../src/report/types';

// xmllint comes from Debian's libxml2-utils (apt-get install -y libxml2-utils).
const XSD = resolve('test-data/junit/junit-ant.xsd');
let dir: string;

beforeAll(() => {
  const probe = spawnSync('xmllint', ['--version']);
  if (probe.error) throw new Error('xmllint is missing: apt-get install -y libxml2-utils');
  dir = mkdtempSync(join(tmpdir(), 'pacer-junit-'));
});

function validate(name: string, xml: string): { ok: boolean; output: string } {
  const file = join(dir, name);
  writeFileSync(file, xml, 'utf8');
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function xpath(name: string, expr: string): string {
  // xmllint ends its output with a newline of its own.
  return execFileSync('xmllint', ['--xpath', expr, join(dir, name)], { encoding: 'utf8' }).replace(/\n$/, '');
}

const records = syntheticRecords(300);

describe('renderJunit against the Ant JUnit schema (xmllint)', () => {
  it('validates a run with failures, warnings, skips and hostile text', () => {
    const xml = renderJunit(syntheticResults(records));
    const r = validate('violations.xml', xml);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('keeps hostile text intact through escaping (as an XML parser reads it back)', () => {
    validate('hostile.xml', renderJunit(syntheticResults(records)));
    const message = xpath(
      'hostile.xml',
      'string(//testcase[starts-with(@name,"RL-429-SHAPE")]/failure/@message)',
    );
    // The control character is replaced (XML 1.0 cannot carry it); everything else survives.
    expect(message).toBe(`body was not JSON: ${HOSTILE.replace('\u0001', '\uFFFD')}`);
    expect(xpath('hostile.xml', 'count(//testcase)')).toBe('8');
  });

  it('validates a certified run, an interrupted run with an error, and a run with no verdicts', () => {
    const base = syntheticResults(records);
    const cases: Array<[string, RunResults]> = [
      [
        'certified.xml',
        { ...base, status: 'certified', verdicts: base.verdicts.filter((v) => v.outcome === 'pass') },
      ],
      [
        'interrupted.xml',
        {
          ...base,
          status: 'interrupted',
          partial: true,
          error: { code: 'PACER_ERR_INTERRUPTED', message: 'Ctrl-C after 12 s' },
        },
      ],
      ['empty.xml', { ...base, verdicts: [], coverage: undefined }],
    ];
    for (const [name, results] of cases) {
      const r = validate(name, renderJunit(results));
      expect(r.ok, `${name}: ${r.output}`).toBe(true);
    }
    expect(xpath('interrupted.xml', 'string(//testsuite[@name="run"]/testcase/error/@type)')).toBe(
      'PACER_ERR_INTERRUPTED',
    );
    expect(xpath('empty.xml', 'count(//testsuite)')).toBe('0');
  });

  it('the schema is strict enough to reject what CI readers would choke on', () => {
    const good = renderJunit(syntheticResults(records));
    const broken = [
      ['no-hostname.xml', good.replace(/ hostname="[^"]*"/, '')],
      ['zoned-timestamp.xml', good.replace(/timestamp="([^"]*)"/, 'timestamp="$1Z"')],
      ['no-type.xml', good.replace(/<failure message="([^"]*)" type="[^"]*"/, '<failure message="$1"')],
      ['no-system-out.xml', good.replace(/<system-out>[^<]*<\/system-out>/, '')],
    ];
    for (const [name, xml] of broken) {
      expect(xml).not.toBe(good);
      expect(validate(name, xml).ok, name).toBe(false);
    }
  });
});
