/**
 * A small JSON Schema subset, by hand, for the documented 429 body: it has to run inside k6 where
 * ajv is not available. Supported keywords: type (incl. arrays of types and `integer`), required,
 * properties, additionalProperties (boolean or schema), enum, const, minimum, maximum, minLength,
 * maxLength, pattern, items. A schema using any other keyword is refused when the policy loads
 * (`unsupportedKeywords`, called by policy/parse.ts), so nothing is ever silently passed.
 */

export interface ShapeProblem {
  /** JSON pointer into the body, '' for the root. */
  instancePath: string;
  /** JSON pointer into the schema. */
  schemaPath: string;
  message: string;
}

export interface ShapeResult {
  problems: ShapeProblem[];
}

type Schema = Readonly<Record<string, unknown>>;

const KNOWN = new Set([
  'type',
  'required',
  'properties',
  'additionalProperties',
  'enum',
  'const',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'items',
  // annotations: nothing to check
  '$schema',
  '$id',
  'title',
  'description',
  'examples',
  'example',
  'default',
  '$comment',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const actual = typeOf(v);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Schema pointers of keywords this checker does not evaluate, anywhere in the schema ([] = all supported). */
export function unsupportedKeywords(schema: unknown, sp = '#'): string[] {
  if (!isObject(schema)) return [];
  const out = Object.keys(schema)
    .filter((key) => !KNOWN.has(key))
    .map((key) => `${sp}/${escapePointer(key)}`);
  if (isObject(schema.properties))
    for (const [key, sub] of Object.entries(schema.properties))
      out.push(...unsupportedKeywords(sub, `${sp}/properties/${escapePointer(key)}`));
  out.push(...unsupportedKeywords(schema.additionalProperties, `${sp}/additionalProperties`));
  out.push(...unsupportedKeywords(schema.items, `${sp}/items`));
  return out;
}

function walk(value: unknown, schema: Schema, at: string, sp: string, out: ShapeResult): void {
  const fail = (keyword: string, message: string): void => {
    out.problems.push({ instancePath: at, schemaPath: `${sp}/${keyword}`, message });
  };
  const where = at === '' ? 'body' : at;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [String(schema.type)];
    if (!types.some((t) => matchesType(value, t))) {
      fail('type', `${where} should be ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && !deepEqual(value, schema.const)) {
    fail('const', `${where} should be ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    fail('enum', `${where} should be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      fail('minimum', `${where} should be >= ${schema.minimum}, got ${value}`);
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      fail('maximum', `${where} should be <= ${schema.maximum}, got ${value}`);
    }
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      fail('minLength', `${where} should have at least ${schema.minLength} characters`);
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      fail('maxLength', `${where} should have at most ${schema.maxLength} characters`);
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      fail('pattern', `${where} should match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    value.forEach((item, i) => {
      walk(item, schema.items as Schema, `${at}/${i}`, `${sp}/items`, out);
    });
  }
  if (isObject(value)) {
    if (Array.isArray(schema.required)) {
      for (const name of schema.required as string[]) {
        if (!(name in value)) fail('required', `${where} is missing required property "${name}"`);
      }
    }
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const key of Object.keys(value)) {
      const child = props[key];
      if (isObject(child)) {
        walk(value[key], child, `${at}/${escapePointer(key)}`, `${sp}/properties/${escapePointer(key)}`, out);
      } else if (schema.additionalProperties === false) {
        fail('additionalProperties', `${where} has undocumented property "${key}"`);
      } else if (isObject(schema.additionalProperties)) {
        walk(
          value[key],
          schema.additionalProperties,
          `${at}/${escapePointer(key)}`,
          `${sp}/additionalProperties`,
          out,
        );
      }
    }
  }
}

/** Checks `value` against `schema`; an empty `problems` list means it conforms (for the keywords checked). */
export function checkShape(value: unknown, schema: Schema): ShapeResult {
  const out: ShapeResult = { problems: [] };
  walk(value, schema, '', '#', out);
  return out;
}
