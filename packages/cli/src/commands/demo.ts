import type { Database } from '@khata/server';
import { createOrganisation } from '@khata/server/src/use-cases/create-organisation.ts';

export interface DemoLogin {
  username: string;
  password: string;
  description: string;
}

export const DEMO_LOGINS: DemoLogin[] = [{ username: 'admin', password: 'khata-admin', description: 'administrator, whole organisation' }];

/** On first start, an empty database gets the demo organisation; afterwards its logins are printed again. */
export async function ensureDemoData(db: Database, _options: { seed: number }): Promise<DemoLogin[]> {
  const existing = await db.selectFrom('organisation').select('code').execute();
  if (existing.length === 0) {
    await createOrganisation(db, { code: 'DEMO', name: 'Demo NGO', admin: { username: 'admin', name: 'Administrator', password: 'khata-admin' } });
  }
  const isDemo = (await db.selectFrom('organisation').select('code').where('code', '=', 'DEMO').executeTakeFirst()) !== undefined;
  return isDemo ? DEMO_LOGINS : [];
}
