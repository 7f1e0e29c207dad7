export type { BuildRunResultsInput } from './build';
export { buildRunResults, familyOf, policyNote } from './build';
export { collectEnvironment, fileSha256 } from './environment';
export { renderHtmlReport } from './html/page';
export { renderJunit } from './junit';
export { publicTarget } from './public-target';
export { renderResultsJson } from './results-json';
export { renderSummaryMarkdown } from './summary-md';
export type * from './types';
export { RESULTS_SCHEMA_VERSION } from './types';
export type { CommandRun, CommandRunOutcome, WriteCommandRunInput } from './write-command-run';
export {
  discardEmptyRun,
  exitCodeOf,
  runErrorOf,
  runFolderLines,
  showPath,
  startCommandRun,
  writeCommandRun,
} from './write-command-run';
export type { RunFolderPaths } from './write-run';
export { newRunFolder, writeRunFolder } from './write-run';
