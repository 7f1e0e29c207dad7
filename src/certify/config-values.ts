import { configFieldError } from '../config/load';
import type { LoadedConfig } from '../config/types';
import { PacerError } from '../errors';

/**
 * Parses a value that came from the config file; a parser's error (which names a flag-like field)
 * becomes a config error pointing at the file, field and line.
 */
export function configValue<T>(config: LoadedConfig | null, pointer: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (config && err instanceof PacerError) throw configFieldError(config, pointer, err);
    throw err;
  }
}

/** A config error about one field, with a message of our own. */
export function configField(config: LoadedConfig | null, pointer: string, message: string): PacerError {
  if (!config) return new PacerError('PACER_ERR_CONFIG_INVALID', message);
  return configFieldError(config, pointer, new PacerError('PACER_ERR_CONFIG_INVALID', message));
}
