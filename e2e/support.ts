import { chromium, type Browser } from 'playwright-core';
import { testApp, type TestApp } from '../packages/server/src/testing/app.ts';
import { WEB_DIST } from '../packages/server/src/start.ts';
import { buildApp } from '../packages/server/src/http/app.ts';
import { ensureWebBuilt } from '../packages/cli/src/commands/start.ts';

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

/** Debian's Chromium, headless, with the flags this closed network needs (DESIGN.md). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
