/**
 * Process-wide settings the use cases need (the encryption key). Set once at start-up by the server or CLI;
 * tests set their own.
 */
export interface ServerContext {
  secretKey: Buffer;
  dataDir: string;
}

let current: ServerContext | null = null;

export function setServerContext(context: ServerContext): void {
  current = context;
}

export function serverContext(): ServerContext {
  if (!current) throw new Error('server context not set');
  return current;
}
