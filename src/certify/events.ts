import type { ProgressEvent as LimitsEvent } from '../limits/progress';

export type PhaseName = 'sandbox' | 'conformance' | 'limits' | 'boundary' | 'capacity' | 'reports';

/** What a certify run tells the terminal (src/cli/progress.ts) as it goes. */
export type CertifyEvent =
  | { kind: 'phase-start'; phase: PhaseName; detail?: string }
  | { kind: 'phase-end'; phase: PhaseName; detail: string }
  | { kind: 'phase-skip'; phase: PhaseName; reason: string }
  | { kind: 'conformance'; done: number; total: number; operationId?: string }
  | { kind: 'pause'; phase: PhaseName; ms: number; reason: string }
  | { kind: 'limits'; event: LimitsEvent }
  | {
      kind: 'capacity-stage';
      index: number;
      total: number;
      offeredRate: number;
      sent: number;
      p99Ms: number;
    };

export type CertifyListener = (event: CertifyEvent) => void;
