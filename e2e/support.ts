import { chromium, type Browser } from 'playwright-core';
import { testApp, type TestApp } from '../packages/server/src/testing/app.ts';
import { WEB_DIST } from '../packages/server/src/start.ts';
import { buildApp } from '../packages/server/src/http/app.ts';
import { ensureWebBuilt } from '../packages/cli/src/commands/start.ts';
import { randomBytes } from 'node:crypto';
import { freshDatabase, type TestDatabase } from '../packages/server/src/testing/database.ts';
import { setServerContext } from '../packages/server/src/server-context.ts';
import { registerAllHandlers } from '../packages/server/src/commands/registry.ts';
import { generateDemo } from '../packages/server/src/demo/generate-demo.ts';

/** Builds the web app when its build is missing or older than its sources (the same check `khata start` makes). */
export const ensureWebBuild = ensureWebBuilt;

export interface E2eServer {
  h: TestApp;
  url: string;
  close(): Promise<void>;
}

/** A real Khata server (API + built web app) on a fresh database, on a free loopback port. */
export async function startE2eServer(): Promise<E2eServer> {
  ensureWebBuild();
  const h = await testApp();
  const app = await buildApp({ db: h.t.db, webDir: WEB_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    h,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await h.close();
    },
  };
}

export interface DemoE2eServer {
  t: TestDatabase;
  url: string;
  close(): Promise<void>;
}

/**
 * A real Khata server on a fresh database holding a small demo (seed 3, 4 SHGs, 6 months: every chapter of the
 * demo, quicker than the full one); sign in with the demo logins (DEMO_LOGINS).
 */
export async function startDemoE2eServer(): Promise<DemoE2eServer> {
  ensureWebBuild();
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  const t = await freshDatabase();
  await generateDemo(t.db, { seed: 3, shgs: 4, months: 6 });
  const app = await buildApp({ db: t.db, webDir: WEB_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    t,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await t.drop();
    },
  };
}

/** Debian's Chromium, headless, with the flags this closed network needs (DESIGN.md). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
