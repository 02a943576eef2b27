#!/usr/bin/env node
// Runs the whole suite with vitest and ends with one plain line: "N passed, N failed" (CI reads that line).
// Extra arguments go to vitest (e.g. `npm test -- --project core`). Without arguments, the suite runs in two
// phases — core and server, then the browser tests — so that Chromium never competes with the CPU-heavy sync
// simulation for two cores; then it typechecks the whole repo (one more check).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('.tmp', { recursive: true });
let passed = 0;
let failed = 0;

function vitest(args, label) {
  const report = `.tmp/vitest-${process.pid}-${label}.json`;
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
    stdio: 'inherit',
    // A run that has not ended in 40 minutes is stuck: stop it and count it as failed.
    timeout: 40 * 60 * 1000,
    killSignal: 'SIGKILL',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') },
  });
  if (run.error) console.error(`vitest (${label}) did not finish: ${run.error.message}`);
  let ok = 0;
  let bad = 0;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    // Count test by test (the summary fields have disagreed with the files' own results).
    for (const file of json.testResults ?? []) {
      const results = file.assertionResults ?? [];
      ok += results.filter((r) => r.status === 'passed').length;
      bad += results.filter((r) => r.status === 'failed').length;
      if (file.status === 'failed' && results.every((r) => r.status !== 'failed')) {
        bad += 1; // the file itself failed (an error outside any test)
        console.error(`failed outside any test: ${file.name}: ${String(file.message ?? '').slice(0, 500)}`);
      }
    }
    rmSync(report, { force: true });
  } catch {
    bad = Math.max(bad, 1); // no report: the run itself broke
  }
  if (run.status !== 0 && bad === 0) {
    console.error(`vitest (${label}) exited with status ${run.status} (signal ${run.signal ?? 'none'}) although no test failed`);
    bad = 1;
  }
  passed += ok;
  failed += bad;
}

const args = process.argv.slice(2);
if (args.length > 0) {
  vitest(args, 'custom');
} else {
  vitest(['--project', 'core', '--project', 'server'], 'core-server');
  vitest(['--project', 'e2e'], 'e2e');
  console.log('Typechecking (tsc --noEmit)…');
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status === 0) passed += 1;
  else failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
