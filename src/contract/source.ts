import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Document, Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { PacerError } from '../errors';
import { parsePointer } from './pointer';

/** A YAML/JSON file parsed to plain data, keeping a way back from a JSON pointer to its line. */
export interface SourceDocument {
  file: string;
  /** sha256 hex of the bytes read. */
  hash: string;
  data: unknown;
  /** 1-based line where the pointer's key (or item) is written; the nearest existing ancestor otherwise. */
  lineOf(pointer: string): number | undefined;
}

export async function readSource(file: string): Promise<SourceDocument> {
  return parseSource(file, await readBytes(file));
}

export function readSourceSync(file: string): SourceDocument {
  return parseSource(file, readBytesSync(file));
}

/** The file's bytes; an unreadable file is a PACER_ERR_FILE naming why. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw fileError(file, err);
  }
}

export function readBytesSync(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw fileError(file, err);
  }
}

function fileError(file: string, err: unknown): PacerError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'is a directory, not a file'
        : `cannot read (${code ?? err})`;
  return new PacerError('PACER_ERR_FILE', why, { file, cause: err });
}

/** Parses YAML (JSON is a subset) from bytes; malformed input -> PACER_ERR_PARSE with the line. */
export function parseSource(file: string, bytes: Buffer | string): SourceDocument {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  const hash = createHash('sha256').update(bytes).digest('hex');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const noticed = lineCounter.linePos(first.pos[0]).line;
    const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // An unclosed bracket or quote is noticed where the parser gives up; the mistake is where it opened.
    const opener = openerBefore(text, first.pos[0], message);
    const line = opener === undefined ? noticed : lineCounter.linePos(opener).line;
    const where = line !== noticed ? ` (opened at line ${line}, noticed at line ${noticed})` : '';
    throw new PacerError('PACER_ERR_PARSE', `malformed YAML: ${message}${where}`, { file, line });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new PacerError('PACER_ERR_PARSE', `malformed YAML: ${(err as Error).message}`, {
      file,
      cause: err,
    });
  }
  return { file, hash, data, lineOf: (pointer) => lineOfPointer(doc, lineCounter, pointer) };
}

const OPENERS: Array<[RegExp, string, string]> = [
  [/^Flow sequence/, '[', ']'],
  [/^Flow map/, '{', '}'],
  [/^Missing closing "quote/, '"', ''],
  [/^Missing closing 'quote/, "'", ''],
];

/** Offset of the unclosed `[`, `{` or quote before `pos`, for the errors that are about one. */
function openerBefore(text: string, pos: number, message: string): number | undefined {
  const rule = OPENERS.find(([pattern]) => pattern.test(message));
  if (!rule) return undefined;
  const [, open, close] = rule;
  let depth = 0;
  for (let i = Math.min(pos, text.length) - 1; i >= 0; i--) {
    const ch = text[i];
    if (close && ch === close) depth++;
    else if (ch === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

function lineOfPointer(doc: Document, lineCounter: LineCounter, pointer: string): number | undefined {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return undefined;
  }
  const lineAt = (
    node: { range?: [number, number, number] | null } | null | undefined,
  ): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  let node: unknown = doc.contents;
  let line = lineAt(doc.contents as Node | null);
  for (const token of tokens) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === token,
      );
      if (!pair) break;
      line = lineAt(pair.key as Node) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (!/^\d+$/.test(token) || item === undefined) break;
      line = lineAt(item as Node) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
