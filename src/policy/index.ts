export { DEFAULT_429_BODY_SCHEMA, DEFAULT_HEADERS, DEFAULT_PROFILE } from './defaults';
export { describeDuration, parseDuration } from './duration';
export { applyOverrides, loadPolicy, loadPolicySync, policyFromSource } from './load';
export type { ParsedPolicy, PolicyProblem } from './parse';
export { parsePolicy } from './parse';
export { defaultContractPath, defaultPolicyPath, packageRoot } from './paths';
export type * from './types';
