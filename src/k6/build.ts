/**
 * `pacer k6 build`: bundles each scenario in scenarios/ into dist/k6/<name>.js for k6. The facts
 * that shape the esbuild call were checked on a real k6 v0.49.0: ES module output, es2019 (k6 v0.49
 * rejects `??`; es2015 breaks async functions), only `k6` and `k6/...` left as imports. The policy
 * and the contract's operations are inlined (esbuild `define`): k6 cannot read YAML at run time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { PACER_VERSION } from '../cli/version';
import { PacerError } from '../errors';
import { DEFAULT_OPERATION, MIXED_OPERATIONS } from '../limits/operations';
import { defaultContractPath, defaultPolicyPath, loadPolicySync, packageRoot } from '../policy/index';
import type { PolicyOverrides } from '../policy/types';
import {
  BUNDLE_CONFIG_GLOBAL,
  type K6BundleConfig,
  type K6Operation,
  makeBundleConfig,
} from './bundle-config';

const K6_TARGET = 'es2019';

export interface BuildK6Options {
  /** Output folder (default dist/k6, relative to the working directory). */
  outDir?: string;
  /** Scenario names (file names without .ts); default: every scenario. */
  scenarios?: readonly string[];
  /** Folder holding the scenarios (default: the package's scenarios/). */
  scenarioDir?: string;
  policyFile?: string;
  contractFile?: string;
  /** Baked-in overrides; PACER_LIMIT / PACER_WINDOW still win at run time. */
  overrides?: PolicyOverrides;
}

/** Scenario names in a folder: every `*.ts` except declarations (lib/ is not a scenario). */
export function listScenarios(dir: string): string[] {
  if (!existsSync(dir)) {
    throw new PacerError('PACER_ERR_FILE', 'scenario folder not found', { file: dir });
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

type PathItem = Record<string, { operationId?: unknown } | undefined>;

/** Each inlined operation must exist in the contract under that method, path and id. */
export function checkOperationsInContract(contractFile: string, operations: readonly K6Operation[]): void {
  let doc: { paths?: Record<string, PathItem | undefined> };
  try {
    doc = parseYaml(readFileSync(contractFile, 'utf8')) as typeof doc;
  } catch (cause) {
    throw new PacerError('PACER_ERR_CONTRACT_LOAD', `cannot read the contract: ${String(cause)}`, {
      file: contractFile,
      cause,
    });
  }
  for (const op of operations) {
    const entry = doc.paths?.[op.pathTemplate]?.[op.method.toLowerCase()];
    const id = entry?.operationId;
    if (!entry || (op.operationId !== null && id !== op.operationId)) {
      throw new PacerError(
        'PACER_ERR_CONTRACT_INVALID',
        `the k6 scenarios use ${op.method} ${op.pathTemplate}${op.operationId ? ` (${op.operationId})` : ''}, which the contract does not define${id ? ` (it names ${String(id)})` : ''}`,
        { file: contractFile, pointer: `/paths/${op.pathTemplate.replace(/~/g, '~0').replace(/\//g, '~1')}` },
      );
    }
  }
}

export function resolveBundleConfig(options: BuildK6Options = {}): K6BundleConfig {
  const root = packageRoot();
  const policyFile = resolve(options.policyFile ?? defaultPolicyPath());
  const contractFile = resolve(options.contractFile ?? defaultContractPath());
  const policy = loadPolicySync(policyFile, options.overrides);
  const operations = [...MIXED_OPERATIONS];
  checkOperationsInContract(contractFile, operations);
  return makeBundleConfig({
    policy,
    operation: DEFAULT_OPERATION,
    operations,
    source: {
      policy: relative(root, policyFile) || policyFile,
      contract: relative(root, contractFile) || contractFile,
      pacerVersion: PACER_VERSION,
    },
  });
}

/** Imports of an output that are not `k6` or `k6/...` (must be none). */
export function foreignImports(metafile: Metafile): string[] {
  const out: string[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) {
      if (!/^k6(\/|$)/.test(imp.path)) out.push(imp.path);
    }
  }
  return out;
}

/** Bundles the scenarios; returns the written file paths (one per scenario, in name order). */
export async function buildK6Scenarios(options: BuildK6Options = {}): Promise<string[]> {
  const scenarioDir = resolve(options.scenarioDir ?? join(packageRoot(), 'scenarios'));
  const outDir = resolve(options.outDir ?? 'dist/k6');
  const known = listScenarios(scenarioDir);
  const wanted = options.scenarios && options.scenarios.length > 0 ? [...options.scenarios] : known;
  for (const name of wanted) {
    if (known.indexOf(name) < 0) {
      throw new PacerError(
        'PACER_ERR_INVALID_OPTION',
        `unknown scenario "${name}" (known: ${known.join(', ')})`,
        {
          option: '--scenario',
        },
      );
    }
  }
  const config = resolveBundleConfig(options);
  const result = await build({
    entryPoints: wanted.map((name) => ({ in: join(scenarioDir, `${name}.ts`), out: name })),
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: K6_TARGET,
    external: ['k6', 'k6/*'],
    define: { [BUNDLE_CONFIG_GLOBAL]: JSON.stringify(config) },
    banner: { js: `// pacer ${PACER_VERSION} k6 scenario: built by \`pacer k6 build\`, do not edit.` },
    metafile: true,
    write: true,
    logLevel: 'silent',
  }).catch((error: unknown) => {
    const errors = (
      error as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }
    ).errors;
    const first = errors?.[0];
    throw new PacerError('PACER_ERR_PARSE', `k6 bundle failed: ${first ? first.text : String(error)}`, {
      file: first?.location?.file,
      line: first?.location?.line,
      cause: error,
    });
  });
  const foreign = foreignImports(result.metafile);
  if (foreign.length > 0) {
    throw new PacerError(
      'PACER_ERR_PARSE',
      `k6 bundles may import only k6 modules, found: ${[...new Set(foreign)].join(', ')}`,
      { file: scenarioDir },
    );
  }
  return wanted.map((name) => join(outDir, `${name}.js`));
}
