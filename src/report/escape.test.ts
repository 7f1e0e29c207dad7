import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, escapeHtml, escapeMarkdown, escapeXml, jsonForScript } from './escape';

describe('escapeXml / escapeHtml', () => {
  it('escapes the five specials and nothing is left to start markup', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeXml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
      }),
    );
  });

  it('replaces characters XML 1.0 cannot carry, keeps valid astral characters', () => {
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeXml('lone \uD800 high')).toBe('lone \uFFFD high');
    expect(escapeXml('tab\tnl\ncr\r ok 😀')).toBe('tab\tnl\ncr\r ok 😀');
  });
});

describe('jsonForScript', () => {
  it('round-trips any JSON value and never contains "<" (so no </script> or <!--)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const out = jsonForScript(v);
        expect(out).not.toContain('<');
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    expect(JSON.parse(jsonForScript({ m: '</script><!--\u2028' }))).toEqual({ m: '</script><!--\u2028' });
  });
});

describe('escapeMarkdown', () => {
  it('keeps a cell on one line and neutralises markup and table pipes', () => {
    const out = escapeMarkdown('a | b\n<script>*x*</script> `code` [link](y)');
    expect(out).not.toContain('\n');
    expect(out).not.toMatch(/(^|[^\\])[|*`[\]]/);
    expect(out).toContain('&lt;script&gt;');
  });
});

describe('clip', () => {
  it('cuts long text to the limit with a marker and leaves short text alone', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});
