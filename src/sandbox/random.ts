/** The sandbox's seeded PRNG: fault sampling and latency draws repeat exactly for a given seed. */
import { mulberry32, type NextFloat } from '../util/seeded-random';

export type Random = NextFloat;

export const seededRandom = (seed: number): Random => mulberry32(seed);
