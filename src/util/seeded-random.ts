/**
 * One seeded PRNG for the whole tree. Math.random cannot be seeded, and generated cases, sandbox ids
 * and fault draws must repeat exactly for a given seed. mulberry32: tiny and fast, good enough for
 * test data (never for secrets).
 */
export type NextFloat = () => number;

/** Uniform floats in [0, 1); the same seed always yields the same sequence. */
export function mulberry32(seed: number): NextFloat {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bit: stable seeds from labels such as operation ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
