import { conformanceChecks } from '../checks/conformance/index';
import { rateLimitChecks } from '../checks/rate-limit/registry';
import type { LoadedConfig } from '../config/types';
import { usageError } from '../errors';
import { configField } from './config-values';

/** Capacity thresholds certify judges itself (capacityVerdicts in src/certify/phase-capacity.ts). */
export const CAPACITY_CHECK_IDS = ['CAP-SLO', 'CAP-PARTNERS'] as const;

export function knownCheckIds(): string[] {
  return [
    ...rateLimitChecks.all().map((c) => c.id),
    ...conformanceChecks.all().map((c) => c.id),
    ...CAPACITY_CHECK_IDS,
  ];
}

export interface CheckLists {
  only?: string[];
  exclude?: string[];
  required?: string[];
  warnings: string[];
}

/** Where each list came from, so an unknown id names the flag or the config field. */
export interface CheckListOrigins {
  only: 'flag' | 'config';
  exclude: 'flag' | 'config';
}

/** A typo in a check id must not pass silently: unknown ids are a usage error. */
export function validateCheckIds(
  lists: CheckLists,
  origins: CheckListOrigins,
  config: LoadedConfig | null,
): void {
  const known = new Set(knownCheckIds());
  const where: Array<[string[] | undefined, string | null, string]> = [
    [lists.only, origins.only === 'flag' ? '--checks' : null, '/checks/only'],
    [lists.exclude, origins.exclude === 'flag' ? '--exclude-checks' : null, '/checks/exclude'],
    [lists.required, null, '/checks/required'],
    [lists.warnings, null, '/checks/warnings'],
  ];
  for (const [ids, flag, pointer] of where) {
    for (const [i, id] of (ids ?? []).entries()) {
      if (known.has(id)) continue;
      const why = `unknown check id ${id} (known: ${[...known].join(', ')})`;
      if (flag) throw usageError(`${flag}: ${why}`, flag);
      throw configField(config, `${pointer}/${i}`, why);
    }
  }
}

/** Whether a check id is selected by --checks / --exclude-checks. */
export function isSelected(id: string, lists: Pick<CheckLists, 'only' | 'exclude'>): boolean {
  if (lists.only && lists.only.length > 0 && !lists.only.includes(id)) return false;
  return !lists.exclude?.includes(id);
}

/**
 * Advisory ids: those the config calls warnings, and with a `required` list every id not on it.
 * A warning-level check that fails is reported but does not fail the run.
 */
export function warningIds(ids: readonly string[], lists: CheckLists): string[] {
  const required = lists.required ? new Set(lists.required) : null;
  return ids.filter((id) => lists.warnings.includes(id) || (required !== null && !required.has(id)));
}
