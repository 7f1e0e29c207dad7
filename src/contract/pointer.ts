/** JSON pointers (RFC 6901): `~1` is `/`, `~0` is `~`; `''` is the whole document. */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Joins tokens into a pointer: `joinPointer('/paths', '/v1/x', 'get')` -> `/paths/~1v1~1x/get`. */
export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** Tokens of a pointer, unescaped. Accepts the `#` fragment form (`#/a/b`) and percent-encoding in it. */
export function parsePointer(pointer: string): string[] {
  let text = pointer;
  if (text.startsWith('#')) {
    text = text.slice(1);
    try {
      text = decodeURIComponent(text);
    } catch {
      // A stray `%` in a fragment: keep the text as written and let the lookup fail with it.
    }
  }
  if (text === '') return [];
  if (!text.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer (must start with /)`);
  return text.slice(1).split('/').map(unescapeToken);
}

/** Normalises `#/a/b` or `/a/b` to `/a/b`. */
export function toPlainPointer(pointer: string): string {
  return parsePointer(pointer).reduce<string>((acc, t) => joinPointer(acc, t), '');
}

const own = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key);

/** The value at a pointer, or `undefined` when any token is missing. */
export function getAt(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (own(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return node;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
