/**
 * ajv cost of the bundled contract: compile time of every validator (loadContract does all of it
 * up front) and validation throughput on a typical response body, side by side with the cost of
 * JSON.parse on the same body (the ratio is what matters on a shared machine, not absolute speed).
 * Run: npx tsx bench/ajv-compile.ts
 */

import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { compileContract, loadContract } from '../src/contract/index';
import { parseSource } from '../src/contract/source';

const FILE = 'conformance/partner-api.yaml';
const RUNS = 5;

// loadContract caches by file hash, so the cold cost is measured on compileContract directly.
const bytes = await readFile(FILE);
const parseMs: number[] = [];
const compileMs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const source = parseSource(FILE, bytes);
  const t1 = performance.now();
  compileContract(source);
  parseMs.push(t1 - t0);
  compileMs.push(performance.now() - t1);
}
parseMs.sort((a, b) => a - b);
const contract = await loadContract(FILE);
compileMs.sort((a, b) => a - b);

// A typical body: the documented 200 example of createUser (a mid-sized object).
const op = contract.byId.get('createUser') ?? contract.operations[0];
const response = Object.values(op.responses).find((r) => /^2/.test(r.status));
const media = response ? Object.values(response.content)[0] : undefined;
const body = media ? Object.values(media.examples)[0] : {};
const status = Number(response?.status ?? 200);
const text = JSON.stringify(body);

const throughput = (fn: () => void): number => {
  const deadline = performance.now() + 1000;
  let n = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  return n;
};
const validations = throughput(() =>
  contract.validators.responseBody(op.operationId, status, 'application/json', body),
);
const parses = throughput(() => JSON.parse(text));

console.log(`contract: ${FILE} (${contract.operations.length} operations)`);
console.log(
  `YAML parse: median ${parseMs[RUNS >> 1].toFixed(0)} ms; resolve + compile every ajv validator: median ${compileMs[RUNS >> 1].toFixed(0)} ms, min ${compileMs[0].toFixed(0)} ms over ${RUNS} runs`,
);
console.log(`body: ${op.operationId} ${status} example, ${text.length} bytes`);
console.log(
  `validation: ${validations.toLocaleString()} validations/s; JSON.parse of the same body: ${parses.toLocaleString()}/s; ratio validate/parse = ${(validations / parses).toFixed(2)}`,
);
