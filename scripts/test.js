#!/usr/bin/env node
// Runs the whole suite with vitest and ends with one plain line: "N passed, N failed" (CI reads that line).
// Extra arguments go to vitest (e.g. `npm test -- --project core`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('.tmp', { recursive: true });
const report = `.tmp/vitest-${process.pid}.json`;
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  // A run that has not ended in 45 minutes is stuck: stop it and count it as failed.
  { stdio: 'inherit', timeout: 45 * 60 * 1000, killSignal: 'SIGKILL', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') } },
);
if (run.error) console.error(`vitest did not finish: ${run.error.message}`);
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  // Count test by test (the summary fields have disagreed with the files' own results).
  for (const file of json.testResults ?? []) {
    const results = file.assertionResults ?? [];
    passed += results.filter((r) => r.status === 'passed').length;
    failed += results.filter((r) => r.status === 'failed').length;
    if (file.status === 'failed' && results.every((r) => r.status !== 'failed')) {
      failed += 1; // the file itself failed (an error outside any test)
      console.error(`failed outside any test: ${file.name}: ${String(file.message ?? '').slice(0, 500)}`);
    }
  }
  rmSync(report, { force: true });
} catch {
  failed = Math.max(failed, 1); // no report: the run itself broke
}
if (run.status !== 0 && failed === 0) {
  console.error(`vitest exited with status ${run.status} (signal ${run.signal ?? 'none'}) although no test failed`);
  failed = 1;
}
// The whole suite (no arguments) also typechecks every package, counted as one check.
if (process.argv.length <= 2) {
  console.log('Typechecking (tsc --noEmit)…');
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status === 0) passed += 1;
  else failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
