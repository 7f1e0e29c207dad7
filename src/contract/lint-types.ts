/** One lint finding before the file and line are attached. */
export interface RawProblem {
  severity: 'error' | 'warning';
  rule: string;
  pointer: string;
  message: string;
}

export type Emit = (problem: RawProblem) => void;
