import type { RunResults } from './types';

/** results.json: the RunResults object as published by schemas/results.schema.json. */
export function renderResultsJson(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
