import type { Database } from '../db/pool.ts';

/**
 * Account names in the exported journal: `<entity name>:<account path>`. The entity's code becomes a name hledger
 * reads unchanged and a query matches literally: letters, digits, '_' and '-' only (anything else turns into '-').
 * Two entities whose names would collide (codes are unique per organisation only, and sanitising can merge two)
 * are told apart by the entity id: the first (lowest id) keeps the plain name, later ones get `-e<id>`.
 * The trial balance (`--entity all`) uses the very same names, so the two can be compared line by line.
 */
export function sanitiseEntityCode(code: string): string {
  return code
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function entityNames(entities: ReadonlyArray<{ id: number; code: string }>): Map<number, string> {
  const names = new Map<number, string>();
  const taken = new Set<string>();
  for (const e of [...entities].sort((a, b) => a.id - b.id)) {
    let name = sanitiseEntityCode(e.code) || `entity-${e.id}`;
    if (taken.has(name)) name = `${name}-e${e.id}`;
    while (taken.has(name)) name = `${name}-${e.id}`;
    taken.add(name);
    names.set(e.id, name);
  }
  return names;
}

/** Names of the given entities (every entity when `entityIds` is null). */
export async function loadEntityNames(db: Database, entityIds: readonly number[] | null = null): Promise<Map<number, string>> {
  let q = db.selectFrom('entity').select(['id', 'code']).orderBy('id');
  if (entityIds !== null) {
    if (entityIds.length === 0) return new Map();
    q = q.where('id', 'in', [...entityIds]);
  }
  return entityNames(await q.execute());
}

export const hledgerAccountName = (entityName: string, path: string): string => `${entityName}:${path}`;
