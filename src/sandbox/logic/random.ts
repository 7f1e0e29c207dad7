import { mulberry32 } from '../../util/seeded-random';

/**
 * Seeded source for generated ids and card numbers, so a sandbox started with the same seed hands
 * out the same ids (repeatable tests and reproductions).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** RFC 4122 version-4 UUID built from the seeded stream. */
  uuid(): string;
  /** `n` decimal digits. */
  digits(n: number): string;
  /** `n` lower-case hex digits. */
  hex(n: number): string;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    hex,
    digits(n) {
      let out = '';
      for (let i = 0; i < n; i++) out += String(Math.floor(next() * 10));
      return out;
    },
    uuid() {
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
  };
}
