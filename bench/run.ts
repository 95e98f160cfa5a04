/**
 * `npm run bench`: prints figures, asserts nothing. Each section says what it measures and the
 * target the issues set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectWorkloads } from '../src/core/extract/collect-workloads.js';
import { evaluatePod } from '../src/core/pss/evaluate.js';
import { LATEST, versionOf } from '../src/core/model/policy.js';
import type { KubeObject } from '../src/core/model/kube.js';
import { generateWorkloads, toMultiDocumentYaml } from './generate.js';
import { alternate, fmt, median, timeProcess } from './measure.js';
import { benchFirstFrame, benchKeystrokes } from './wizard.js';
import { benchLiveScan } from './live.js';
import { benchLiveApply } from './apply.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'kube-harden-bench-'));

function engineThroughput(): void {
  const objects = generateWorkloads(10_000).map((object, index) => ({ object: object as KubeObject, source: { file: 'bench.yaml', document: String(index + 1) } }));
  const { workloads } = collectWorkloads(objects);
  const policies = [
    { level: 'restricted' as const, version: LATEST },
    { level: 'baseline' as const, version: LATEST },
    { level: 'restricted' as const, version: versionOf(18) },
  ];
  for (let warm = 0; warm < 2; warm++) for (const workload of workloads) evaluatePod(policies[0]!, workload.pod);
  let evaluations = 0;
  const start = process.hrtime.bigint();
  for (let round = 0; round < 5; round++) {
    for (const policy of policies) for (const workload of workloads) evaluatePod(policy, workload.pod), evaluations++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const collectStart = process.hrtime.bigint();
  collectWorkloads(objects);
  const collectSeconds = Number(process.hrtime.bigint() - collectStart) / 1e9;
  console.log('Engine (in-process)');
  console.log(`  evaluation:            ${Math.round(evaluations / seconds).toLocaleString('en')} pod specs/s (${evaluations.toLocaleString('en')} evaluations, restricted+baseline, latest and v1.18)`);
  console.log(`  extraction+defaults:   ${Math.round(workloads.length / collectSeconds).toLocaleString('en')} workloads/s (shape check, copy, API-server defaults)`);
}

function checkVersusParse(): void {
  const file = join(dir, 'workloads.yaml');
  writeFileSync(file, toMultiDocumentYaml(generateWorkloads(10_000)));
  const parseOnly = join(dir, 'parse-only.mjs');
  writeFileSync(
    parseOnly,
    `import { readFileSync } from 'node:fs';\nimport { loadAll } from ${JSON.stringify(new URL('../../node_modules/js-yaml/dist/js-yaml.mjs', import.meta.url).href)};\nloadAll(readFileSync(process.argv[2], 'utf8'));\n`,
  );
  const cli = new URL('../bundle/cli.js', import.meta.url).pathname;
  const samples = alternate(RUNS, {
    check: () => timeProcess(process.execPath, [cli, 'check', file, '-o', 'json']),
    parse: () => timeProcess(process.execPath, [parseOnly, file]),
    node: () => timeProcess(process.execPath, ['-e', '0']),
  });
  const check = median(samples.check!);
  const parse = median(samples.parse!);
  console.log(`Whole process, 10,000 varied workloads (${RUNS} alternating runs, medians)`);
  console.log(`  kube-harden check -o json:  ${fmt(check)}`);
  console.log(`  js-yaml loadAll alone:      ${fmt(parse)}`);
  console.log(`  node -e 0:                  ${fmt(median(samples.node!))}`);
  console.log(`  ratio check / parse:        ${(check / parse).toFixed(2)}  (target <= 1.5, aim 1.3)`);
}

try {
  engineThroughput();
  checkVersusParse();
  await benchFirstFrame(RUNS);
  await benchKeystrokes(5_000, 100);
  await benchLiveScan();
  await benchLiveApply();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
