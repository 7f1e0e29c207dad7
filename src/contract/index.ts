export type { LintProblem, LintReport } from './lint';
export { lintContract, lintSources } from './lint';
export { checkOpenApiVersion, compileContract, loadContract, loadContractSync } from './load';
export type * from './types';
