import type { Rng } from './rng';

/**
 * Generates a string matching a JSON Schema `pattern` (ECMA regex subset: literals, escapes,
 * classes, groups, alternation, quantifiers, anchors). Contracts use simple patterns (IBAN,
 * ISO country, decimal amounts); lookarounds and back-references are refused rather than guessed.
 */
type Node =
  | { kind: 'chars'; set: string[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

export class UnsupportedPatternError extends Error {}

const DIGITS = chars('0', '9');
const UPPER = chars('A', 'Z');
const LOWER = chars('a', 'z');
const WORD = [...UPPER, ...LOWER, ...DIGITS, '_'];
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
/** Open-ended quantifiers stop here so values stay short. */
const OPEN_EXTRA = 4;

function chars(from: string, to: string): string[] {
  const out: string[] = [];
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c));
  return out;
}

/** `openExtra`: how far past their minimum open quantifiers (`*`, `+`, `{n,}`) may go. */
export function stringFromPattern(pattern: string, rng: Rng, openExtra = OPEN_EXTRA): string {
  const parser = new Parser(pattern, openExtra);
  const node = parser.parseAlt();
  if (!parser.done()) throw new UnsupportedPatternError(`unbalanced ')' in ${pattern}`);
  return generate(node, rng);
}

function generate(node: Node, rng: Rng): string {
  switch (node.kind) {
    case 'chars':
      return node.set.length === 0 ? '' : rng.pick(node.set);
    case 'seq':
      return node.items.map((item) => generate(item, rng)).join('');
    case 'alt':
      return generate(rng.pick(node.options), rng);
    case 'repeat': {
      const count = rng.int(node.min, node.max);
      let out = '';
      for (let i = 0; i < count; i++) out += generate(node.node, rng);
      return out;
    }
  }
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly openExtra: number,
  ) {}

  done(): boolean {
    return this.pos >= this.src.length;
  }

  parseAlt(): Node {
    const options: Node[] = [this.parseSeq()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.parseSeq());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private parseSeq(): Node {
    const items: Node[] = [];
    while (!this.done() && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.parseAtom();
      if (atom) items.push(this.parseQuantifier(atom));
    }
    return { kind: 'seq', items };
  }

  private parseAtom(): Node | null {
    const c = this.src[this.pos++];
    if (c === '^' || c === '$') return null;
    if (c === '.') return { kind: 'chars', set: PRINTABLE.filter((ch) => ch !== '\n') };
    if (c === '[') return this.parseClass();
    if (c === '\\') return { kind: 'chars', set: this.parseEscape(false) };
    if (c === '(') {
      if (this.src[this.pos] === '?') {
        if (this.src[this.pos + 1] !== ':') throw new UnsupportedPatternError('lookaround or named group');
        this.pos += 2;
      }
      const inner = this.parseAlt();
      if (this.src[this.pos] !== ')') throw new UnsupportedPatternError('unterminated group');
      this.pos++;
      return inner;
    }
    return { kind: 'chars', set: [c] };
  }

  private parseQuantifier(node: Node): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, this.openExtra];
    else if (c === '+') [min, max] = [1, 1 + this.openExtra];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return node;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? min + this.openExtra : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return node;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++;
    return { kind: 'repeat', node, min, max };
  }

  private parseClass(): Node {
    let negate = false;
    if (this.src[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
    const set = new Set<string>();
    let first = true;
    while (!this.done() && (this.src[this.pos] !== ']' || first)) {
      first = false;
      let from: string[];
      const c = this.src[this.pos++];
      if (c === '\\') from = this.parseEscape(true);
      else from = [c];
      if (from.length === 1 && this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']') {
        this.pos++;
        let to = this.src[this.pos++];
        if (to === '\\') to = this.parseEscape(true)[0];
        for (const ch of chars(from[0], to)) set.add(ch);
      } else for (const ch of from) set.add(ch);
    }
    if (this.src[this.pos] !== ']') throw new UnsupportedPatternError('unterminated character class');
    this.pos++;
    const members = negate ? PRINTABLE.filter((ch) => !set.has(ch)) : [...set];
    return { kind: 'chars', set: members };
  }

  private parseEscape(inClass: boolean): string[] {
    const c = this.src[this.pos++];
    switch (c) {
      case 'd':
        return DIGITS;
      case 'D':
        return PRINTABLE.filter((ch) => !DIGITS.includes(ch));
      case 'w':
        return WORD;
      case 'W':
        return PRINTABLE.filter((ch) => !WORD.includes(ch));
      case 's':
        return [' '];
      case 'S':
        return PRINTABLE.filter((ch) => ch !== ' ');
      case 'n':
        return ['\n'];
      case 't':
        return ['\t'];
      case 'b':
        if (inClass) return ['\b'];
        throw new UnsupportedPatternError('word boundary');
      default:
        if (/[1-9]/.test(c)) throw new UnsupportedPatternError('back-reference');
        if (c === 'u') {
          const hex = this.src.slice(this.pos, this.pos + 4);
          this.pos += 4;
          return [String.fromCharCode(Number.parseInt(hex, 16))];
        }
        return [c];
    }
  }
}
