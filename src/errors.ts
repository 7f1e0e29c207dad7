/**
 * Faults in pacer or in its input (never findings about the API under test: those are verdicts).
 * Each subclass has a stable `code`; tests assert on the code, the CLI maps it to an exit status.
 */
export type PacerErrorCode =
  | 'PACER_ERR_USAGE'
  | 'PACER_ERR_INVALID_OPTION'
  | 'PACER_ERR_FILE'
  | 'PACER_ERR_PARSE'
  | 'PACER_ERR_CONTRACT_LOAD'
  | 'PACER_ERR_CONTRACT_INVALID'
  | 'PACER_ERR_POLICY_INVALID'
  | 'PACER_ERR_CONFIG_INVALID'
  | 'PACER_ERR_TARGET_UNREACHABLE'
  | 'PACER_ERR_INTERRUPTED';

/** Process exit statuses, documented in the README. */
export const ExitCode = {
  ok: 0,
  violations: 1,
  usage: 2,
  unreachable: 3,
  /** An unexpected exception: a bug in pacer, never the user's input (EX_SOFTWARE). */
  internal: 70,
  interrupted: 130,
} as const;

export interface PacerErrorContext {
  /** File the problem is in. */
  file?: string;
  /** JSON pointer inside that file. */
  pointer?: string;
  /** 1-based line (YAML/JSON sources). */
  line?: number;
  /** CLI flag or config field at fault. */
  option?: string;
  cause?: unknown;
}

export class PacerError extends Error {
  readonly code: PacerErrorCode;
  readonly exitCode: number;
  readonly context: PacerErrorContext;

  constructor(
    code: PacerErrorCode,
    message: string,
    context: PacerErrorContext = {},
    exitCode: number = ExitCode.usage,
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'PacerError';
    this.code = code;
    this.context = context;
    this.exitCode = exitCode;
  }

  /** One line for a terminal: `file:line pointer: message`. */
  toLine(): string {
    const where = [
      this.context.file ? `${this.context.file}${this.context.line ? `:${this.context.line}` : ''}` : '',
      this.context.pointer ? `#${this.context.pointer}` : '',
      this.context.option ? `(${this.context.option})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

export const usageError = (message: string, option?: string): PacerError =>
  new PacerError('PACER_ERR_INVALID_OPTION', message, option ? { option } : {});

export const unreachableError = (message: string, cause?: unknown): PacerError =>
  new PacerError('PACER_ERR_TARGET_UNREACHABLE', message, { cause }, ExitCode.unreachable);
