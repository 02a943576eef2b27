import { randomUUID } from 'node:crypto';
import type { Caller, TestApp } from './app.ts';

export async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface TestGroup {
  villageId: string;
  shgId: string;
  memberIds: string[];
}

/** A village with one weekly SHG of `members` women, formed on `formedOn`, Rs 10 compulsory savings. */
export async function makeGroup(h: TestApp, caller: Caller = h.admin, options: { members?: number; formedOn?: string; code?: string; parentId?: string } = {}): Promise<TestGroup> {
  const code = options.code ?? `G${randomUUID().slice(0, 6)}`;
  const villageId = randomUUID();
  const shgId = randomUUID();
  await ok(caller.command('create-node', { id: villageId, parentId: options.parentId ?? h.rootNodeId, kind: 'block', name: `Block ${code}`, code: `B-${code}` }));
  const village2 = randomUUID();
  await ok(caller.command('create-node', { id: village2, parentId: villageId, kind: 'village', name: `Village ${code}`, code: `V-${code}` }));
  await ok(caller.command('create-shg', { id: shgId, villageId: village2, name: `SHG ${code}`, code, formedOn: options.formedOn ?? '2026-01-05', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
  const memberIds: string[] = [];
  for (let i = 0; i < (options.members ?? 5); i++) {
    const id = randomUUID();
    await ok(caller.command('admit-member', { id, shgId, name: `Member ${i + 1}`, joinedOn: options.formedOn ?? '2026-01-05' }));
    memberIds.push(id);
  }
  return { villageId: village2, shgId, memberIds };
}

/** A regular meeting of the group: everyone present, Rs 10 compulsory savings each; `extra` adds or replaces parts. */
export function regularMeeting(g: TestGroup, date: string, extra: Record<string, unknown> = {}) {
  return {
    meetingId: randomUUID(),
    shgId: g.shgId,
    date,
    attendance: g.memberIds.map((memberId) => ({ memberId, status: 'present' })),
    savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 0 })),
    ...extra,
  };
}
