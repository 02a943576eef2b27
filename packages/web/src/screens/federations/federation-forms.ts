/**
 * The pure part of the federation forms: which level of federation a place may hold, and the payloads of
 * create-federation, record-federation-meeting, form-sub-committee and receive-meeting-repayment built from what a
 * person typed. The server checks everything again and names the field of each problem.
 */
import type { AnyNodeKind } from '../../api.ts';
import type { FederationLevel, FederationReconciliation } from '../../api/federations.ts';

/** Where each level sits in the tree (as the server's tree rules say): a VO in a village or cluster, and so on. */
const PLACES_OF: Record<FederationLevel, readonly AnyNodeKind[]> = { vo: ['village', 'cluster'], clf: ['cluster', 'block'], blf: ['block', 'district'] };

/** The levels of federation that may be formed directly in a place of this kind (none for a state or the organisation). */
export function levelsFor(kind: AnyNodeKind): FederationLevel[] {
  return (Object.keys(PLACES_OF) as FederationLevel[]).filter((l) => PLACES_OF[l].includes(kind));
}

const optional = (text: string): string | null => (text.trim() === '' ? null : text.trim());

export interface NewFederationForm {
  level: string;
  name: string;
  code: string;
  nrlmCode: string;
  formedOn: string;
  registeredAs: string;
  registrationNumber: string;
}

export function createFederationPayload(id: string, parentId: string, f: NewFederationForm) {
  return {
    id,
    parentId,
    level: f.level,
    name: f.name.trim(),
    code: f.code.trim(),
    nrlmCode: optional(f.nrlmCode),
    formedOn: f.formedOn,
    registeredAs: optional(f.registeredAs),
    registrationNumber: optional(f.registrationNumber),
  };
}

/** Decisions typed one to a line: blank lines dropped, a leading "1." / "2)" numbering removed (the server numbers them). */
export function decisionLines(text: string): { text: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*\d+\s*[.)-]\s*/, '').trim())
    .filter((l) => l !== '')
    .map((l) => ({ text: l }));
}

export interface MeetingForm {
  kind: 'ec' | 'gb';
  date: string;
  place: string;
  /** The people ticked present, in the order shown. */
  present: string[];
  decisions: string;
  minutes: string;
}

export function meetingPayload(meetingId: string, federationId: string, m: MeetingForm) {
  return {
    meetingId,
    federationId,
    kind: m.kind,
    date: m.date,
    place: optional(m.place),
    attendees: [...new Set(m.present)],
    decisions: decisionLines(m.decisions),
    minutes: optional(m.minutes),
  };
}

export function subCommitteePayload(id: string, federationId: string, s: { name: string; purpose: string; formedOn: string; members: string[]; convenorId: string }) {
  return {
    id,
    federationId,
    name: s.name.trim(),
    purpose: optional(s.purpose),
    formedOn: s.formedOn,
    members: [...new Set(s.members)].map((personId) => ({ personId, role: personId === s.convenorId ? ('convenor' as const) : ('member' as const) })),
  };
}

/** A repayment an SHG made at its meeting that the federation has not yet recorded receiving. */
export interface InTransit {
  meetingId: string;
  meetingDate: string;
  shgId: string;
  shgName: string;
  amountPaise: number;
}

/**
 * The in-transit repayments of a reconciliation, one per SHG meeting (a meeting's principal and interest lines
 * together), oldest first.
 */
export function inTransitRepayments(r: FederationReconciliation): InTransit[] {
  const byMeeting = new Map<string, InTransit>();
  for (const p of r.pairs) {
    if (p.relation !== 'below') continue;
    for (const d of p.differences) {
      if (d.cause !== 'in-transit' || d.key.kind !== 'meeting') continue;
      const row = byMeeting.get(d.key.id) ?? { meetingId: d.key.id, meetingDate: d.date, shgId: p.counterpart.id, shgName: p.counterpart.name, amountPaise: 0 };
      row.amountPaise += Math.abs(d.differencePaise);
      byMeeting.set(d.key.id, row);
    }
  }
  return [...byMeeting.values()].sort((a, b) => a.meetingDate.localeCompare(b.meetingDate) || a.shgName.localeCompare(b.shgName));
}
