/**
 * What the field app keeps on the phone: her groups as the server last sent them (one record per SHG), the
 * outbox of commands waiting for the server, and a log of what was discarded or replaced. Types only, plus the
 * adapter from the server's pull format, so the first screen does not load core's rules.
 */
import type { GroupLoan, MeetingPayload, MemberSavings, MemberSummary, RecordedMeeting } from '@khata/core/meeting';
import type { LoanTerms } from '@khata/core/loans';

export interface LocalMember {
  id: string;
  name: string;
  membershipNumber: string;
  status: 'active' | 'left';
  joinedOn: string;
}

export interface LocalExternalLoan {
  id: string;
  lender: 'bank' | 'vo-cif' | 'other';
  lenderName: string;
  principalOutstandingPaise: number;
}

export interface LoanProduct {
  id: string;
  name: string;
  terms: LoanTerms;
}

/** A meeting the server holds (recent ones), or one this phone recorded. */
export interface LocalMeeting {
  id: string;
  date: string;
  status: 'recorded' | 'reversed';
  present?: number;
  absent?: number;
  savingsPaise?: number;
  repaymentsPaise?: number;
  disbursementsPaise?: number;
  cashDifferencePaise?: number | null;
  closingCashPaise?: number;
  /** The meeting as recorded (command payload), when the server sends it: prefills a correction. */
  payload?: MeetingPayload;
  /** Its entry and loan events, when the server sends them: the phone then plans a correction exactly. */
  recorded?: RecordedMeeting;
}

/** Fine rules the meeting screen applies by one tap (Rs 5 for coming late, by default). */
export interface FineRules {
  latePaise: number;
  absencePaise: number;
}
export const DEFAULT_FINE_RULES: FineRules = { latePaise: 500, absencePaise: 0 };

export interface LocalGroup {
  shgId: string;
  code: string;
  name: string;
  villageName: string;
  formedOn: string;
  status: string;
  meetingFrequency: string;
  meetingDay: string | number | null;
  lockedThrough: string | null;
  savingsRule: { compulsoryPaise: number };
  fineRules: FineRules;
  members: LocalMember[];
  loans: GroupLoan[];
  externalLoans: LocalExternalLoan[];
  cashPaise: number;
  bankPaise: number;
  savingsByMember: Record<string, MemberSavings>;
  existingMeetingDates: string[];
  meetings: LocalMeeting[];
  loanProducts: LoanProduct[];
  /** Device time when this copy arrived from the server. */
  pulledAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox
// ---------------------------------------------------------------------------------------------------------------

export type CommandType = 'record-meeting' | 'correct-meeting';

/**
 * waiting: written on the phone, not yet accepted. applied: the server accepted it (its copy of the group may not
 * have arrived yet). synced: the group arrived from the server after it was accepted. refused: needs attention.
 * replaced: fixed and sent again as a new command. discarded: given up, with a reason (kept in the log too).
 */
export type OutboxState = 'waiting' | 'applied' | 'synced' | 'refused' | 'replaced' | 'discarded';

export interface Refusal {
  code: string;
  message: string;
  field?: string;
  problems?: { code: string; field?: string; message: string; params?: Record<string, string | number> }[];
  /** DUPLICATE_MEETING and the like: what the server already holds. */
  serverHolds?: unknown;
}

/** What the closing summary shows and reads aloud; computed on the phone when the meeting was saved. */
export interface MeetingReceipt {
  date: string;
  memberSummaries: MemberSummary[];
  openingCashPaise: number;
  closingCashPaise: number;
  closingBankPaise: number;
  cashCountedPaise: number | null;
  cashDifferencePaise: number | null;
  collectedPaise: number;
  paidOutPaise: number;
  expensesPaise: number;
  disbursedPaise: number;
  finesPaise: number;
  savingsPaise: number;
  repaidPaise: number;
  present: number;
  absent: number;
}

export interface OutboxCommand {
  /** The command id (a UUID made on this phone); sent again unchanged until the server answers. */
  id: string;
  type: CommandType;
  payload: unknown;
  shgId: string;
  /** For display and lists: the meeting recorded (record-meeting) or the one corrected (correct-meeting). */
  meetingId: string;
  businessDate: string;
  deviceTime: string;
  /** Milliseconds since the epoch: the order commands are sent in. */
  createdAt: number;
  state: OutboxState;
  attempts: number;
  lastTriedAt?: number;
  serverSeq?: number;
  result?: unknown;
  appliedAt?: number;
  refusal?: Refusal;
  receipt?: MeetingReceipt;
  /** How the phone planned it (entry and loan events): a later correction of it is planned exactly. */
  recorded?: RecordedMeeting;
  /** A fixed resend names the refused command it replaces, and the refused one names its replacement. */
  replaces?: string;
  replacedBy?: string;
  discardReason?: string;
}

export const PENDING_STATES: readonly OutboxState[] = ['waiting', 'applied'];

export interface LogEntry {
  seq?: number;
  at: string;
  kind: 'discarded' | 'replaced' | 'refused' | 'signed-in' | 'signed-out' | 'removed-group';
  commandId?: string;
  shgId?: string;
  reason?: string;
  command?: OutboxCommand;
}

export interface Session {
  userId: string;
  name: string;
  username: string;
  language: string;
  token: string;
  expiresAt: string;
  deviceId: string;
}

export interface PinRecord {
  saltB64: string;
  hashB64: string;
  iterations: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The server's pull format → LocalGroup
// ---------------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);
const num = (v: unknown, fallback = 0): number => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
};
const first = (o: Json, ...keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};

/**
 * One group snapshot from GET /api/sync/pull, in whatever nesting the server uses (profile / balances objects or
 * flat fields), as the phone's LocalGroup. Unknown parts fall back to empty values, never to invented money.
 */
export function groupFromPull(raw: unknown, pulledAt: string): LocalGroup {
  const g = obj(raw);
  const profile = obj(first(g, 'profile', 'shg'));
  const p = (...keys: string[]) => first(profile, ...keys) ?? first(g, ...keys);
  const balances = obj(g.balances);
  const b = (...keys: string[]) => first(balances, ...keys) ?? first(g, ...keys);
  const shgId = str(first(g, 'shgId', 'id') ?? p('id', 'shgId'));

  const savingsByMember: Record<string, MemberSavings> = {};
  const rawSavings = b('savingsByMember', 'memberSavings');
  if (Array.isArray(rawSavings)) {
    for (const s of rawSavings) {
      const o = obj(s);
      savingsByMember[str(o.memberId)] = { compulsoryPaise: num(o.compulsoryPaise), voluntaryPaise: num(o.voluntaryPaise) };
    }
  } else {
    for (const [id, s] of Object.entries(obj(rawSavings))) {
      savingsByMember[id] = { compulsoryPaise: num(obj(s).compulsoryPaise), voluntaryPaise: num(obj(s).voluntaryPaise) };
    }
  }

  const members: LocalMember[] = arr(g.members).map((m) => {
    const o = obj(m);
    const id = str(o.id ?? o.memberId);
    // Savings may also come on the member row.
    if (!savingsByMember[id] && (o.compulsorySavingsPaise !== undefined || o.voluntarySavingsPaise !== undefined)) {
      savingsByMember[id] = { compulsoryPaise: num(o.compulsorySavingsPaise), voluntaryPaise: num(o.voluntarySavingsPaise) };
    }
    return {
      id,
      name: str(o.name),
      membershipNumber: str(o.membershipNumber ?? o.number ?? o.serial),
      status: o.status === 'left' ? 'left' : 'active',
      joinedOn: str(o.joinedOn),
    };
  });

  const loans: GroupLoan[] = arr(first(g, 'loans', 'openLoans')).map((l) => {
    const o = obj(l);
    const def = obj(o.definition ?? o);
    return {
      definition: {
        id: str(def.id),
        memberId: str(def.memberId),
        principalPaise: num(def.principalPaise),
        disbursedOn: str(def.disbursedOn),
        terms: def.terms as LoanTerms,
        ...(typeof def.purpose === 'string' ? { purpose: def.purpose } : {}),
        ...(Array.isArray(def.allocationOrder) ? { allocationOrder: def.allocationOrder as GroupLoan['definition']['allocationOrder'] } : {}),
      },
      events: arr(o.events) as GroupLoan['events'],
    };
  });

  const externalLoans: LocalExternalLoan[] = arr(g.externalLoans).map((l) => {
    const o = obj(l);
    const lender = o.lender === 'bank' || o.lender === 'vo-cif' ? o.lender : 'other';
    return {
      id: str(o.id),
      lender,
      lenderName: str(o.lenderName),
      principalOutstandingPaise: num(o.principalOutstandingPaise ?? o.outstandingPaise),
    };
  });

  const meetings: LocalMeeting[] = arr(first(g, 'meetings', 'recentMeetings')).map((m) => {
    const o = obj(m);
    const meeting: LocalMeeting = {
      id: str(o.id ?? o.meetingId),
      date: str(o.date),
      status: o.status === 'reversed' || o.reversed === true ? 'reversed' : 'recorded',
    };
    for (const k of ['present', 'absent', 'savingsPaise', 'repaymentsPaise', 'disbursementsPaise', 'closingCashPaise'] as const) {
      if (typeof o[k] === 'number') meeting[k] = o[k] as number;
    }
    if (o.cashDifferencePaise === null || typeof o.cashDifferencePaise === 'number') meeting.cashDifferencePaise = o.cashDifferencePaise as number | null;
    const payload = first(o, 'payload', 'input');
    if (payload && typeof payload === 'object') meeting.payload = payload as MeetingPayload;
    if (o.recorded && typeof o.recorded === 'object') meeting.recorded = o.recorded as RecordedMeeting;
    return meeting;
  });

  const rawDates = first(g, 'existingMeetingDates', 'meetingDates');
  const existingMeetingDates = Array.isArray(rawDates)
    ? rawDates.map((d) => str(d))
    : meetings.filter((m) => m.status === 'recorded').map((m) => m.date);

  const periodLock = first(g, 'periodLock', 'lock');
  const lockedThrough = str(first(g, 'lockedThrough') ?? first(obj(periodLock), 'lockedThrough') ?? (typeof periodLock === 'string' ? periodLock : undefined)) || null;

  const rule = obj(first(g, 'savingsRule'));
  const fines = obj(first(g, 'fineRules') ?? p('fineRules'));

  return {
    shgId,
    code: str(p('code')),
    name: str(p('name')),
    villageName: str(p('villageName', 'village')),
    formedOn: str(p('formedOn')),
    status: str(p('status'), 'active'),
    meetingFrequency: str(p('meetingFrequency'), 'weekly'),
    meetingDay: (p('meetingDay') as string | number | null | undefined) ?? null,
    lockedThrough,
    savingsRule: { compulsoryPaise: num(rule.compulsoryPaise ?? p('compulsorySavingsPaise')) },
    fineRules: {
      latePaise: num(fines.latePaise, DEFAULT_FINE_RULES.latePaise),
      absencePaise: num(fines.absencePaise, DEFAULT_FINE_RULES.absencePaise),
    },
    members,
    loans,
    externalLoans,
    cashPaise: num(b('cashPaise', 'cash')),
    bankPaise: num(b('bankPaise', 'bank')),
    savingsByMember,
    existingMeetingDates,
    meetings: meetings.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0)),
    loanProducts: arr(first(g, 'loanProducts', 'products')).map((x) => {
      const o = obj(x);
      return { id: str(o.id), name: str(o.name), terms: o.terms as LoanTerms };
    }),
    pulledAt,
  };
}
