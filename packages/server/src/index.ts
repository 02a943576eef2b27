export { startKhata, type KhataServer } from './start.ts';
export { startEmbeddedDatabase, dataDirFrom } from './db/embedded.ts';
export { createPool, createDatabase, type Database } from './db/pool.ts';
export { migrate } from './db/migrate.ts';
export { applyCommand } from './commands/apply-command.ts';
export { registerAllHandlers } from './commands/registry.ts';
export { openDatabase, type OpenDatabase } from './open-database.ts';
export { refreshMisFacts, startMisRefresher } from './jobs/refresh-mis-facts.ts';
