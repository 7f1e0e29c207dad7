import { getAt, unescapeToken } from '../../contract/pointer';

/**
 * OpenAPI runtime expressions (`$request.body#/externalUserId`, `$response.body#/lockId`,
 * `$request.path.id`, `$response.header.Location`, `$statusCode`) evaluated against one finished
 * exchange of the producing operation.
 */
export interface ProducedExchange {
  request: { path: Record<string, string>; query: Record<string, string>; body?: unknown };
  response: { status: number; body?: unknown; headers: Record<string, string> };
}

export function evaluateExpression(expression: string, exchange: ProducedExchange): unknown {
  const expr = expression.trim().replace(/^\{(.*)\}$/, '$1');
  if (expr === '$statusCode') return exchange.response.status;
  const m = /^\$(request|response)\.(body|path|query|header)(?:#(.*)|\.(.+))?$/.exec(expr);
  if (!m) return undefined;
  const [, side, part, pointer, name] = m;
  if (part === 'body') {
    const body = side === 'request' ? exchange.request.body : exchange.response.body;
    return pointer === undefined ? body : getPointer(body, pointer);
  }
  if (name === undefined) return undefined;
  if (side === 'response' && part === 'header') return exchange.response.headers[name.toLowerCase()];
  if (side === 'request' && part === 'path') return exchange.request.path[name];
  if (side === 'request' && part === 'query') return exchange.request.query[name];
  return undefined;
}

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && /^\{?\$(request|response|statusCode)/.test(value.trim());
}

/** The request-body pointer an expression reads, when it reads this operation's own request body. */
export function requestBodyPointer(expression: string): string | undefined {
  const m = /^\{?\$request\.body#(\/[^}]*)\}?$/.exec(expression.trim());
  return m?.[1];
}

export function getPointer(value: unknown, pointer: string): unknown {
  return getAt(value, tokensOf(pointer));
}

/** Sets a value at a pointer, creating objects on the way (returns a modified deep copy). */
export function setPointer(value: unknown, pointer: string, next: unknown): unknown {
  if (pointer === '') return next;
  const root: Record<string, unknown> =
    value !== null && typeof value === 'object' ? (structuredClone(value) as Record<string, unknown>) : {};
  const keys = tokensOf(pointer);
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (child === null || typeof child !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = next;
  return root;
}

/** Tokens of a `/a/b` pointer, never throwing (unlike parsePointer): a link's expression is not linted. */
function tokensOf(pointer: string): string[] {
  return pointer.split('/').slice(1).map(unescapeToken);
}
