import { createHash } from 'node:crypto';
import {
  addDays,
  addMonths,
  dayOfWeek,
  demandAt,
  formatMoney,
  meetingDemand,
  meetingInputSchema,
  toDayNumber,
  type GroupSnapshot,
  type LoanTerms,
  type MeetingInput,
  type MeetingPayload,
  type PaiseInstallment,
} from '@khata/core';
import { applyCommand, handlerFor } from '../commands/apply-command.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { loadActor, type Actor } from '../access.ts';
import type { Database } from '../db/pool.ts';
import { createOrganisation } from '../use-cases/create-organisation.ts';
import { loadGroupSnapshot } from '../use-cases/group-snapshot.ts';
import type { Tx } from '../ledger/post-entry.ts';
import type { RecordMeetingResult } from '../use-cases/record-meeting.ts';
import { DEMO_EXTENSIONS } from './demo-extensions.ts';
import { BRANCHES, COMMUNITIES, LARGE_LOAN_PURPOSES, LOAN_PURPOSES, type BranchSeed, type Community, type VillageSeed } from './demo-people.ts';

/*
 * The demo organisation: an NGO with two branches, ~20 SHGs and a year of weekly meetings with life in them.
 * Everything goes through the real commands (applyCommand as the demo administrator), so every book is
 * consistent by construction; the generator only decides what happens, the use cases decide what it means.
 * Deterministic: the same seed gives the same data (a seeded PRNG, ids hashed from the seed, a fixed calendar).
 */

export interface DemoLogin {
  username: string;
  password: string;
  description: string;
}

export const DEMO_ORGANISATION_CODE = 'DEMO';
export const DEMO_ORGANISATION_NAME = 'Demo NGO';
export const DEMO_END_DATE = '2026-10-31';

/** The demo's users and their fixed passwords (a demo, never a real deployment). */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'admin', password: 'khata-admin', description: 'administrator, whole organisation' },
  { username: 'manager.baruipur', password: 'khata-manager', description: 'branch manager, Baruipur branch (West Bengal)' },
  { username: 'manager.baharagora', password: 'khata-manager', description: 'branch manager, Baharagora branch (Jharkhand)' },
  { username: 'bookkeeper', password: 'khata-bookkeeper', description: 'bookkeeper for the SHGs of Ramnagar village (up to 3)' },
  { username: 'auditor', password: 'khata-auditor', description: 'auditor, read-only, whole organisation' },
  { username: 'accounts', password: 'khata-accounts', description: 'accounts officer, whole organisation: the second person who approves fund releases' },
  { username: 'caseworker', password: 'khata-caseworker', description: 'case worker, micro-business programme (Nepal partner): only her assigned cases' },
];

export interface GenerateDemoOptions {
  seed: number;
  shgs?: number;
  months?: number;
  /** Last day of the demo's calendar; fixed so that the data does not depend on today. */
  endDate?: string;
  /** Groups generated side by side (each from its own random stream, so the data does not depend on it). */
  concurrency?: number;
  onProgress?(done: number, total: number, label: string): void;
}

export interface DemoSummary {
  shgs: number;
  members: number;
  meetings: number;
  loans: number;
  journalEntries: number;
  journalLines: number;
}

export interface DemoResult {
  organisationId: number;
  logins: DemoLogin[];
  summary: DemoSummary;
}

// ---------------------------------------------------------------------------------------------------------------
// Determinism: a seeded PRNG and ids hashed from the seed
// ---------------------------------------------------------------------------------------------------------------

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/** mulberry32: small, fast, good enough for a demo; one stream per group so groups do not disturb each other. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  static of(text: string): Rng {
    return new Rng(hash32(text));
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number from lo to hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** A UUID (version 4 layout) hashed from the seed and a key: the same demo gets the same ids. */
export function demoId(seed: number, key: string): string {
  const h = createHash('sha256').update(`khata-demo:${seed}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const rupees = (paise: number) => formatMoney(paise, { symbol: 'Rs ', trimZeroPaise: true });
const roundUp = (paise: number, step: number) => Math.ceil(paise / step) * step;
const roundDown = (paise: number, step: number) => Math.floor(paise / step) * step;
const RS = 100;

// ---------------------------------------------------------------------------------------------------------------
// The plan: places, groups, members, calendars (pure; no database)
// ---------------------------------------------------------------------------------------------------------------

type Frequency = 'weekly' | 'fortnightly' | 'monthly';
type Payer = 'regular' | 'late';

interface MemberPlan {
  id: string;
  name: string;
  joinedOn: string;
  payer: Payer;
  admitted: boolean;
  /** Meetings missed since she last saved. */
  missed: number;
  pendingFinePaise: number;
  /** A defaulter stops paying after this many repayments. */
  stopsAfter: number | null;
  repaymentsMade: number;
  stopped: boolean;
  /** A late payer who skipped an instalment (fined when she pays again, in strict groups). */
  skipped: boolean;
  left: boolean;
  household: Record<string, unknown>;
  admit: Record<string, unknown>;
}

interface VillagePlan {
  id: string;
  branchIndex: number;
  seed: VillageSeed;
  branch: BranchSeed;
  blockId: string;
  nrlmCode: string;
}

interface GroupPlan {
  index: number;
  id: string;
  code: string;
  name: string;
  village: VillagePlan;
  rng: Rng;
  frequency: Frequency;
  meetingDay: number;
  compulsoryPaise: number;
  formedOn: string;
  calendar: string[];
  members: MemberPlan[];
  byId: Map<string, MemberPlan>;
  bank: { id: string; name: string; branch: string; ifsc: string; accountNumber: string };
  ratePercentPerMonth: string;
  lendingFrom: number;
  absenceFinePaise: number;
  honorariumPaise: number;
  revolvingFundAt: number | null;
  correctionAt: number | null;
  closeThrough: string | null;
  defaulters: number;
  cutoff: boolean;
  /** The cut-off sheet of a group that kept paper books before: its opening balances, imported before its first meeting. */
  cutoffSheet: { date: string; payload: Record<string, unknown> } | null;
  /** A VO's CIF loan brought in by the cut-off, repaid at the first meeting of every month. */
  cif: { loanId: string; outstandingPaise: number; instalmentPaise: number; lastPaidMonth: string } | null;
  bankLoan: { at: number; principalPaise: number } | null;
  /** The bank term loan once received: its schedule and how many instalments the group has paid. */
  bankLoanState: { loanId: string; schedule: PaiseInstallment[]; paid: number } | null;
  /** A defaulter's loan written off (maker-checker) at this meeting. */
  writeOffAt: number | null;
  /** Members leaving: an ordinary exit (savings paid out) or a defaulter's (shortfall written off). */
  exits: Array<{ at: number; kind: 'ordinary' | 'defaulter' }>;
  /** Who leaves after the meeting being decided, and what the group must hold in cash to pay her out. */
  leaving: { member: MemberPlan; kind: 'ordinary' | 'defaulter' } | null;
  rotateTreasurerAt: number | null;
  officeBearers: Array<{ role: 'president' | 'secretary' | 'treasurer'; memberId: string }>;
}

export interface DemoPlan {
  seed: number;
  start: string;
  end: string;
  states: Array<{ id: string; branch: BranchSeed; districtId: string; blockId: string }>;
  villages: VillagePlan[];
  groups: GroupPlan[];
}

/** Meeting dates of a group from its first meeting to the end, a few skipped (festivals, floods, harvest). */
function calendarOf(rng: Rng, frequency: Frequency, first: string, end: string): string[] {
  const dates: string[] = [];
  if (frequency === 'monthly') {
    for (let k = 0; ; k++) {
      const d = addMonths(first, k);
      if (d > end) break;
      dates.push(d);
    }
  } else {
    const step = frequency === 'weekly' ? 7 : 14;
    for (let d = first; d <= end; d = addDays(d, step)) dates.push(d);
  }
  return dates.filter((_, i) => i === 0 || !rng.chance(frequency === 'weekly' ? 0.03 : 0.02));
}

/** The first date on or after `from` falling on `weekday` (0 = Sunday … 6 = Saturday). */
function nextWeekday(from: string, weekday: number): string {
  let d = from;
  while (dayOfWeek(d) % 7 !== weekday) d = addDays(d, 1);
  return d;
}

const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'];

/**
 * Books are closed through the end of the first quarter lying wholly in the demo (31 March for the default year:
 * the financial year end); a short demo closes its first whole month instead. Null when nothing fits.
 */
function closingDate(start: string, end: string): string | null {
  const firstOfMonth = start.endsWith('-01') ? start : addMonths(`${start.slice(0, 8)}01`, 1);
  for (let m = firstOfMonth; m <= end; m = addMonths(m, 1)) {
    const last = addDays(addMonths(m, 3), -1);
    if (QUARTER_ENDS.includes(last.slice(5)) && addDays(last, 14) <= end) return last;
    if (addDays(last, 14) > end) break;
  }
  const monthEnd = addDays(addMonths(firstOfMonth, 1), -1);
  return addDays(monthEnd, 14) <= end ? monthEnd : null;
}

function digits(rng: Rng, n: number): string {
  let s = String(rng.int(1, 9));
  while (s.length < n) s += String(rng.int(0, 9));
  return s;
}

const HOUSEHOLD_CATEGORIES = new Set(['sc', 'st', 'pvtg', 'minority', 'woman-headed-household', 'landless', 'migrant-labour', 'flood-prone', 'drought-prone']);

function planMember(seed: number, rng: Rng, group: { id: string; index: number; villageId: string }, village: VillageSeed, stateCode: string, n: number, joinedOn: string, used: Set<string>): MemberPlan {
  const community: Community = rng.weighted(village.communities);
  const names = COMMUNITIES[community];
  let name = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    name = `${rng.pick(names.first)} ${rng.pick(names.last)}`;
    if (!used.has(name)) break;
  }
  used.add(name);
  const categories = new Set<string>(names.categories);
  const widow = rng.chance(0.09);
  if (widow) categories.add('single-woman');
  const womanHeaded = widow || rng.chance(0.04);
  if (womanHeaded) categories.add('woman-headed-household');
  if (rng.chance(0.03)) categories.add('person-with-disability');
  if (rng.chance(0.35)) categories.add('landless');
  if (rng.chance(stateCode === 'JH' ? 0.15 : 0.06)) categories.add('migrant-labour');
  if (village.area && rng.chance(0.6)) categories.add(village.area);
  const r = rng.next();
  const povertyStatus = r < 0.25 ? 'poorest' : r < 0.9 ? 'poor' : 'non-poor';
  const age = rng.int(20, 58);
  const dateOfBirth = `${Number(joinedOn.slice(0, 4)) - age}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const family = name.split(' ')[1]!;
  const husband = `${rng.pick(names.men)} ${family}`;
  const nominee = widow
    ? { nomineeName: `${rng.pick(names.men)} ${family}`, nomineeRelation: rng.pick(['son', 'son', 'daughter']) }
    : { nomineeName: husband, nomineeRelation: 'husband' };
  const id = demoId(seed, `member:${group.index}:${n}`);
  const householdId = demoId(seed, `household:${group.index}:${n}`);
  const phone = rng.chance(0.6) ? `${rng.pick(['6', '7', '8', '9'])}${digits(rng, 9)}` : null;
  // SECC-2011 deprivations (D1-D7) and the Participatory Identification of the Poor, vetted by the Gram Sabha.
  const deprivations = povertyStatus === 'non-poor' ? [] : rng.shuffle(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']).slice(0, povertyStatus === 'poorest' ? rng.int(2, 4) : rng.int(1, 2)).sort();
  const pipListed = povertyStatus !== 'non-poor' && rng.chance(0.8);
  return {
    id,
    name,
    joinedOn,
    payer: rng.chance(0.08) ? 'late' : 'regular',
    admitted: false,
    left: false,
    missed: 0,
    pendingFinePaise: 0,
    stopsAfter: null,
    repaymentsMade: 0,
    stopped: false,
    skipped: false,
    household: {
      id: householdId,
      villageId: group.villageId,
      headName: womanHeaded ? name : husband,
      povertyStatus,
      seccDeprivations: deprivations,
      pipListed,
      pipVettedOn: pipListed ? addDays(joinedOn, -rng.int(60, 400)) : null,
      categories: [...categories].filter((c) => HOUSEHOLD_CATEGORIES.has(c)).sort(),
    },
    admit: {
      id,
      shgId: group.id,
      name,
      joinedOn,
      membershipNumber: n,
      householdId,
      phone,
      dateOfBirth,
      povertyStatus,
      categories: [...categories].sort(),
      ...nominee,
    },
  };
}

/**
 * The paper books of a group formed some 30 months before the demo starts, as its cut-off sheet on the day before:
 * each woman's savings, the loans running (most on schedule, one behind), a CIF loan from the VO, the Revolving
 * Fund received long ago, cash and bank. The surplus the group earned over the years is what the figures leave
 * unexplained (equity:opening-balance).
 */
function planCutoffSheet(seed: number, g: GroupPlan, date: string): { date: string; payload: Record<string, unknown> } {
  const rng = g.rng;
  const weeks = Math.floor((toDayNumber(date) - toDayNumber(g.formedOn)) / 7);
  const members = g.members.map((m, i) => ({
    membershipNumber: i + 1,
    compulsorySavingsPaise: Math.round(weeks * (0.85 + rng.next() * 0.15)) * g.compulsoryPaise,
    voluntarySavingsPaise: rng.chance(0.3) ? rng.int(1, 30) * 10 * RS : 0,
  }));
  // An old group lends most of its fund: two women in three have a loan running.
  const borrowers = rng.shuffle(g.members.map((_, i) => i + 1)).slice(0, Math.round(g.members.length * 0.65));
  const memberLoans = borrowers.map((n, j) => {
    const principal = rng.pick([5000, 6000, 8000, 10000, 12000, 15000, 20000]) * RS;
    const periods = rng.pick([40, 50]);
    const agreed = roundUp(principal / periods, 10 * RS);
    const elapsed = rng.int(2, Math.min(periods - 3, 30));
    const disbursedOn = addDays(date, -7 * elapsed - rng.int(0, 6));
    const ended = Math.floor((toDayNumber(date) - toDayNumber(disbursedOn)) / 7);
    const behind = j === 0 ? 3 : 0; // one woman three instalments behind, with interest overdue
    const outstanding = Math.max(agreed, principal - Math.max(0, ended - behind) * agreed);
    return {
      loanId: demoId(seed, `cutoff-loan:${g.index}:${n}`),
      membershipNumber: n,
      reference: `L-${String(40 + j).padStart(3, '0')}`,
      disbursedOn,
      originalPrincipalPaise: principal,
      principalOutstandingPaise: outstanding,
      interestOverduePaise: behind ? roundUp(flexibleWeekly(g.ratePercentPerMonth, outstanding) * behind, RS) : 0,
      overdueSince: behind ? addDays(date, -7 * behind) : null,
      purpose: rng.pick(LOAN_PURPOSES),
      terms: { kind: 'flexible', ratePercentPerMonth: g.ratePercentPerMonth, period: 'weekly', interestRounding: { unit: 'rupee', mode: 'half-even' }, agreedPrincipalPaise: agreed },
    };
  });
  const cif = { sanctioned: 50_000 * RS, outstanding: rng.pick([20_000, 25_000, 30_000]) * RS };
  const savings = members.reduce((t, m) => t + m.compulsorySavingsPaise + m.voluntarySavingsPaise, 0);
  const lent = memberLoans.reduce((t, l) => t + l.principalOutstandingPaise, 0);
  const revolvingFund = 15_000 * RS;
  const surplus = roundDown(savings * (0.08 + rng.next() * 0.06), RS);
  const cash = rng.int(3, 8) * 100 * RS;
  const bank = Math.max(0, savings + cif.outstanding + revolvingFund + surplus - cash - lent);
  g.cif = { loanId: demoId(seed, `cutoff-cif:${g.index}`), outstandingPaise: cif.outstanding, instalmentPaise: 2_500 * RS, lastPaidMonth: date.slice(0, 7) };
  return {
    date,
    payload: {
      shgId: g.id,
      date,
      cashPaise: cash,
      bankPaise: bank,
      revolvingFundPaise: revolvingFund,
      members,
      memberLoans,
      externalLoans: [
        {
          loanId: g.cif.loanId,
          reference: 'CIF/2024/017',
          lender: 'vo-cif',
          lenderName: `${g.village.seed.name} Gram Sangathan (VO)`,
          kind: 'term-loan',
          sanctionedOn: addMonths(date, -14),
          sanctionedPaise: cif.sanctioned,
          principalOutstandingPaise: cif.outstanding,
          annualRatePercent: '12',
        },
      ],
    },
  };
}

/** A week's interest on a flexible loan, in paise, near enough for an overdue figure on a paper sheet. */
function flexibleWeekly(ratePercentPerMonth: string, principalPaise: number): number {
  return (principalPaise * Number(ratePercentPerMonth) * 12) / 100 / 52;
}

export function planDemo(options: { seed: number; shgs: number; months: number; endDate: string }): DemoPlan {
  const { seed, shgs, months } = options;
  const end = options.endDate;
  const start = addDays(addMonths(end, -months), 1);
  const top = Rng.of(`${seed}:places`);
  const states = BRANCHES.map((branch, b) => ({
    id: demoId(seed, `state:${b}`),
    branch,
    districtId: demoId(seed, `district:${b}`),
    blockId: demoId(seed, `block:${b}`),
  }));
  // Villages alternate between the branches so that a small demo still has both.
  const villages: VillagePlan[] = [];
  for (let v = 0; v < 3; v++) {
    for (const [b, s] of states.entries()) {
      const seedVillage = s.branch.villages[v]!;
      villages.push({
        id: demoId(seed, `village:${b}:${v}`),
        branchIndex: b,
        seed: seedVillage,
        branch: s.branch,
        blockId: s.blockId,
        nrlmCode: `${s.branch.block.nrlm}${String(v + 1).padStart(3, '0')}${digits(top, 3)}`,
      });
    }
  }
  const lock = closingDate(start, end);
  const namesUsed = new Map<BranchSeed, number>();
  const groups: GroupPlan[] = [];
  for (let i = 0; i < shgs; i++) {
    const rng = Rng.of(`${seed}:group:${i}`);
    const village = villages[i % villages.length]!;
    const branch = village.branch;
    const nth = namesUsed.get(branch) ?? 0;
    namesUsed.set(branch, nth + 1);
    const baseName = branch.shgNames[nth % branch.shgNames.length]!;
    const name = nth >= branch.shgNames.length ? `${baseName} ${Math.floor(nth / branch.shgNames.length) + 1}` : baseName;
    const id = demoId(seed, `shg:${i}`);
    const frequency: Frequency = i % 10 === 4 ? 'fortnightly' : i % 10 === 5 ? 'monthly' : 'weekly';
    const cutoff = i === 1;
    const weeks = Math.floor((months * 30) / 7);
    const offsetWeeks = cutoff ? 0 : rng.int(0, Math.min(8, Math.floor(weeks / 5)));
    const meetingDay = frequency === 'monthly' ? rng.int(1, 6) : rng.int(0, 6);
    const base = addDays(start, offsetWeeks * 7);
    const first =
      frequency === 'monthly'
        ? base.slice(8) <= String(meetingDay).padStart(2, '0')
          ? `${base.slice(0, 8)}0${meetingDay}`
          : addMonths(`${base.slice(0, 8)}0${meetingDay}`, 1)
        : nextWeekday(base, meetingDay);
    const calendar = calendarOf(rng, frequency, first, end);
    const formedOn = cutoff ? nextWeekday(addMonths(start, -30), meetingDay) : first;
    const compulsoryPaise =
      frequency === 'weekly' ? rng.pick([10, 10, 10, 20, 20, 25, 50]) * RS : frequency === 'fortnightly' ? rng.pick([30, 50]) * RS : rng.pick([100, 100, 200]) * RS;
    const bankSeed = rng.pick(branch.banks);
    const count = rng.int(10, 15);
    const used = new Set<string>();
    const group = { id, index: i, villageId: village.id };
    const members: MemberPlan[] = [];
    for (let n = 1; n <= count; n++) members.push(planMember(seed, rng, group, village.seed, branch.state.code, n, formedOn, used));
    // A woman who joins later in the year (a few groups).
    if (!cutoff && calendar.length >= 8 && rng.chance(0.25)) {
      const joinAt = Math.floor(calendar.length * 0.4);
      members.push(planMember(seed, rng, group, village.seed, branch.state.code, count + 1, calendar[joinAt]!, used));
    }
    const founders = rng.shuffle(members.filter((m) => m.joinedOn === formedOn)).slice(0, 3);
    const perMeeting = frequency === 'weekly' ? 1 : frequency === 'fortnightly' ? 2 : 4;
    const plan: GroupPlan = {
      index: i,
      id,
      code: `${village.seed.code}-${String(i + 1).padStart(2, '0')}`,
      name,
      village,
      rng,
      frequency,
      meetingDay,
      compulsoryPaise,
      formedOn,
      calendar,
      members,
      byId: new Map(members.map((m) => [m.id, m])),
      bank: {
        id: demoId(seed, `bank-account:${i}`),
        name: bankSeed.name,
        branch: bankSeed.branch,
        ifsc: bankSeed.ifsc,
        accountNumber: digits(rng, rng.pick([11, 12, 14, 15])),
      },
      ratePercentPerMonth: rng.weighted([['2', 8], ['1.5', 1], ['1', 1]] as const),
      lendingFrom: cutoff ? 0 : Math.max(2, Math.ceil(6 / perMeeting)),
      absenceFinePaise: rng.chance(0.3) ? 10 * RS : 0,
      honorariumPaise: 0,
      revolvingFundAt: null,
      correctionAt: null,
      closeThrough: lock && i % 7 === 0 ? lock : null,
      defaulters: 0,
      cutoff,
      cutoffSheet: null,
      cif: null,
      bankLoan: null,
      bankLoanState: null,
      writeOffAt: null,
      exits: [],
      leaving: null,
      rotateTreasurerAt: i % 5 === 2 && calendar.length >= 10 ? Math.floor(calendar.length * 0.55) : null,
      officeBearers: [
        { role: 'president', memberId: founders[0]!.id },
        { role: 'secretary', memberId: founders[1]!.id },
        { role: 'treasurer', memberId: founders[2]!.id },
      ],
    };
    // The Revolving Fund (Rs 15,000) reaches most groups some four months after formation, after their first grading.
    const rfAt = Math.round(16 / perMeeting);
    if (!cutoff && calendar.length > rfAt + 2 && rng.chance(0.75)) plan.revolvingFundAt = rfAt;
    if (cutoff) plan.cutoffSheet = planCutoffSheet(seed, plan, addDays(start, -1));
    groups.push(plan);
  }
  // The bookkeeper (a community professional) keeps the books of up to 3 groups in the first village, for an honorarium.
  for (const g of groups.filter((g) => g.village === villages[0]).slice(0, 3)) g.honorariumPaise = 150 * RS;
  // One wrong meeting, corrected: in a group whose books stay open.
  const correctionGroup = groups[shgs > 3 ? 3 : shgs - 1];
  if (correctionGroup && correctionGroup.calendar.length >= 3) {
    correctionGroup.correctionAt = Math.max(1, Math.floor(correctionGroup.calendar.length * 0.6));
  }
  // One SHG with a bank term loan (credit linkage), repaid month by month at its meetings.
  const bankGroup = groups[2];
  if (bankGroup && bankGroup.calendar.length >= 6) bankGroup.bankLoan = { at: Math.floor(bankGroup.calendar.length * 0.35), principalPaise: 150_000 * RS };
  // Two or three borrowers in the whole demo stop paying: one loan is written off (maker-checker), one defaulter
  // leaves the village and her shortfall is written off at her exit, the third stays overdue. A few women leave.
  const pick = (wanted: number[], fallback: number) => {
    const found = wanted.filter((i) => i < shgs);
    return found.length ? found : shgs > 0 ? [fallback] : [];
  };
  const defaulterGroups = pick([3, 10, 17], shgs - 1);
  for (const i of defaulterGroups) groups[i]!.defaulters = 1;
  const writeOffGroup = groups[defaulterGroups[1] ?? defaulterGroups[0]!];
  if (writeOffGroup && writeOffGroup.calendar.length >= 12) writeOffGroup.writeOffAt = Math.floor(writeOffGroup.calendar.length * 0.85);
  const defaulterExit = defaulterGroups[2] !== undefined ? groups[defaulterGroups[2]] : undefined;
  if (defaulterExit && defaulterExit.calendar.length >= 12) defaulterExit.exits.push({ at: Math.floor(defaulterExit.calendar.length * 0.85), kind: 'defaulter' });
  for (const i of pick([8, 16], 0)) {
    const g = groups[i]!;
    if (g.calendar.length >= 8) g.exits.push({ at: Math.floor(g.calendar.length * 0.7), kind: 'ordinary' });
  }
  return { seed, start, end, states, villages, groups };
}

// ---------------------------------------------------------------------------------------------------------------
// Running it through the commands
// ---------------------------------------------------------------------------------------------------------------

export class Commands {
  constructor(
    private readonly db: Database,
    private readonly actor: Actor,
    private readonly seed: number,
  ) {}

  /** `deviceTime`: when a phone wrote it down (the demo's meetings are written at the meeting, or late by a bookkeeper who lags). */
  async run<R = unknown>(type: string, key: string, payload: unknown, businessDate?: string, deviceTime?: string): Promise<R> {
    try {
      const outcome = await applyCommand<R>(this.db, this.actor, {
        id: demoId(this.seed, `command:${type}:${key}`),
        type,
        payload,
        deviceId: 'demo-generator',
        businessDate: businessDate ?? null,
        deviceTime: deviceTime ?? null,
      });
      return outcome.result;
    } catch (error) {
      const e = error as Error & { problems?: unknown };
      throw new Error(`demo: ${type} ${key} was refused: ${e.message}${e.problems ? ` ${JSON.stringify(e.problems)}` : ''}`, { cause: error });
    }
  }
}

/** The group as the server sees it (one query, no lock: this group's commands run one after the other here). */
async function snapshotOf(db: Database, shgId: string): Promise<GroupSnapshot> {
  return (await loadGroupSnapshot(db as unknown as Tx, shgId, { lock: false })).snapshot;
}

/** The loan terms a group gives: mostly flexible at its monthly rate with an agreed instalment, a few scheduled. */
function loanTerms(g: GroupPlan, principalPaise: number): { terms: LoanTerms; text: string } {
  const rng = g.rng;
  const scheduled = principalPaise >= 8000 * RS ? rng.chance(0.5) : rng.chance(0.05);
  if (scheduled) {
    const unit = g.frequency === 'monthly' ? 'months' : 'weeks';
    const every = g.frequency === 'weekly' ? rng.pick([2, 4]) : g.frequency === 'fortnightly' ? 2 : 1;
    const repayments = g.frequency === 'monthly' ? rng.pick([10, 12]) : every === 2 ? rng.pick([20, 24]) : 12;
    const interestMethod = rng.chance(0.3) ? 'flat' : 'declining';
    const annual = String(Number(g.ratePercentPerMonth) * 12);
    return {
      terms: {
        kind: 'scheduled',
        annualRatePercent: annual,
        interestMethod,
        amortization: 'equal-installments',
        repayments,
        every,
        unit,
        interestPeriod: 'same-as-repayment',
        daysInYear: 'actual',
        firstRepaymentOn: null,
        graceOnPrincipal: 0,
        graceOnInterest: 0,
        decimals: 0,
        currencyMultipleOf: null,
        installmentMultipleOf: null,
      } as LoanTerms,
      text: `${annual}% a year ${interestMethod}, ${repayments} instalments every ${every} ${unit === 'months' ? 'month(s)' : 'weeks'}`,
    };
  }
  const period = g.frequency;
  const periods = period === 'weekly' ? rng.pick([20, 25, 40, 50]) : period === 'fortnightly' ? rng.pick([10, 12, 20]) : rng.pick([6, 10, 12]);
  const agreed = Math.min(principalPaise, roundUp(principalPaise / periods, 10 * RS));
  return {
    terms: {
      kind: 'flexible',
      ratePercentPerMonth: g.ratePercentPerMonth,
      period,
      interestRounding: { unit: 'rupee', mode: 'half-even' },
      agreedPrincipalPaise: agreed,
    },
    text: `${g.ratePercentPerMonth}% a month, ${rupees(agreed)} a ${period === 'weekly' ? 'week' : period === 'fortnightly' ? 'fortnight' : 'month'} plus interest`,
  };
}

const quarterOf = (date: string) => `${date.slice(0, 4)}-${Math.floor((Number(date.slice(5, 7)) - 1) / 3)}`;

/** Decides one meeting from the group as it stands: who came, what they paid, who borrowed, where the cash went. */
function decideMeeting(seed: number, g: GroupPlan, snap: GroupSnapshot, date: string, k: number): { input: MeetingInput; closingCashPaise: number; closingBankPaise: number } {
  const rng = g.rng;
  const meetingId = demoId(seed, `meeting:${g.index}:${date}`);
  const attendance: Array<{ memberId: string; status: 'present' | 'absent' | 'late' | 'represented' }> = [];
  const savings: Array<{ memberId: string; compulsoryPaise: number; voluntaryPaise: number }> = [];
  const repayments: Array<{ memberId: string; loanId: string; amountPaise: number }> = [];
  const fines: Array<{ memberId: string; reason: 'late' | 'absence' | 'default' | 'other'; amountPaise: number }> = [];
  const savingsWithdrawals: Array<{ memberId: string; amountPaise: number }> = [];
  const otherReceipts: Array<{ kind: 'membership-fee' | 'bank-interest' | 'revolving-fund' | 'grant' | 'other'; amountPaise: number; narration?: string; via: 'cash' | 'bank' }> = [];
  const expenses: Array<{ kind: 'meeting' | 'stationery' | 'bank-charges' | 'honorarium' | 'travel' | 'other'; amountPaise: number; narration?: string; via: 'cash' | 'bank' }> = [];
  const disbursements: NonNullable<MeetingPayload['disbursements']> = [];
  const decisions: string[] = [];
  const first = k === 0 && !g.cutoff;

  let cash = snap.cashPaise;
  let bank = snap.bankPaise;
  let leavingDues = 0;
  const present = new Set<string>();
  for (const d of meetingDemand(snap, date)) {
    const m = g.byId.get(d.memberId)!;
    const r = rng.next();
    const status = first
      ? 'present'
      : m.stopped
        ? r < 0.45
          ? 'absent'
          : 'present'
        : r < 0.07
          ? 'absent'
          : r < 0.1
            ? 'represented'
            : r < 0.15
              ? 'late'
              : 'present';
    attendance.push({ memberId: m.id, status });
    if (status === 'absent') {
      m.missed += 1;
      m.pendingFinePaise += g.absenceFinePaise;
      continue;
    }
    present.add(m.id);
    let compulsory = d.compulsorySavingsPaise;
    if (m.missed > 0 && rng.chance(0.7)) {
      compulsory += m.missed * d.compulsorySavingsPaise;
      m.missed = 0;
    }
    const voluntary = rng.chance(0.06) ? rng.int(1, 10) * 10 * RS : 0;
    savings.push({ memberId: m.id, compulsoryPaise: compulsory, voluntaryPaise: voluntary });
    cash += compulsory + voluntary;
    if (status === 'late') {
      fines.push({ memberId: m.id, reason: 'late', amountPaise: 5 * RS });
      cash += 5 * RS;
    } else if (m.pendingFinePaise > 0 && status === 'present') {
      fines.push({ memberId: m.id, reason: 'absence', amountPaise: m.pendingFinePaise });
      cash += m.pendingFinePaise;
      m.pendingFinePaise = 0;
    }
    if (g.leaving?.member === m) leavingDues = d.loans.reduce((s, l) => s + l.maxPayablePaise, 0);
    for (const loan of d.loans) {
      if (m.stopsAfter !== null && m.repaymentsMade >= m.stopsAfter) m.stopped = true;
      if (m.stopped || loan.totalPaise === 0) continue;
      let amount = loan.totalPaise;
      if (m.payer === 'late') {
        const p = rng.next();
        if (p < 0.35) amount = 0;
        else if (p < 0.5) amount = loan.penaltyPaise + loan.interestPaise + roundDown(loan.principalPaise / 2, 10 * RS);
        if (amount === 0) m.skipped = true;
        else if (m.skipped && g.absenceFinePaise > 0) {
          // Groups strict about absence also fine a missed instalment, paid when she pays again.
          fines.push({ memberId: m.id, reason: 'default', amountPaise: 10 * RS });
          cash += 10 * RS;
          m.skipped = false;
        }
      } else if (loan.principalOutstandingPaise > loan.principalPaise && rng.chance(0.015)) {
        amount = loan.maxPayablePaise; // pays the loan off early
      }
      amount = Math.min(amount, loan.maxPayablePaise);
      if (amount <= 0) continue;
      repayments.push({ memberId: m.id, loanId: loan.loanId, amountPaise: amount });
      m.repaymentsMade += 1;
      cash += amount;
      if (g.leaving?.member === m) leavingDues -= amount;
    }
    const voluntaryHeld = snap.savingsByMember[m.id]?.voluntaryPaise ?? 0;
    if (voluntaryHeld >= 100 * RS && rng.chance(0.01)) savingsWithdrawals.push({ memberId: m.id, amountPaise: voluntaryHeld });
  }
  // A withdrawal is paid only when the group holds the money (the rest is lent out).
  while (savingsWithdrawals.length && savingsWithdrawals.reduce((s, w) => s + w.amountPaise, 0) + 100 * RS > cash + bank) savingsWithdrawals.pop();

  // Receipts other than the members' own.
  if (first) {
    const fee = 20 * RS * present.size;
    otherReceipts.push({ kind: 'membership-fee', amountPaise: fee, narration: `admission fee, ${present.size} members at Rs 20`, via: 'cash' });
    cash += fee;
  } else {
    const newcomers = g.members.filter((m) => m.joinedOn === date && m.joinedOn !== g.formedOn && present.has(m.id));
    if (newcomers.length) {
      otherReceipts.push({ kind: 'membership-fee', amountPaise: 20 * RS * newcomers.length, narration: `admission fee of ${newcomers.map((m) => m.name).join(', ')}`, via: 'cash' });
      cash += 20 * RS * newcomers.length;
    }
  }
  if (k === g.revolvingFundAt) {
    otherReceipts.push({ kind: 'revolving-fund', amountPaise: 15_000 * RS, narration: 'Revolving Fund from the mission after grading', via: 'bank' });
    bank += 15_000 * RS;
    decisions.push('Revolving Fund of Rs 15,000 received in the bank account; to be rotated as loans to members.');
  }
  const previous = k > 0 ? g.calendar[k - 1]! : null;
  if (previous && quarterOf(previous) !== quarterOf(date) && bank > 0) {
    const interest = roundDown(Math.round((bank * 0.0275) / 4), RS);
    if (interest > 0) {
      otherReceipts.push({ kind: 'bank-interest', amountPaise: interest, narration: 'savings bank interest for the quarter', via: 'bank' });
      bank += interest;
    }
    if (bank >= 1770) {
      expenses.push({ kind: 'bank-charges', amountPaise: 1770, narration: 'SMS alert charges with GST', via: 'bank' });
      bank -= 1770;
    }
  }

  // Payments out of the cash.
  let cashOut = 0;
  for (const w of savingsWithdrawals) cashOut += w.amountPaise;

  // The bank term loan: instalments fallen due are paid from the bank account (or in cash at the branch).
  const externalLoanRepayments: NonNullable<MeetingPayload['externalLoanRepayments']> = [];
  // The VO's CIF loan: a fixed instalment and 1% a month on what is owed, at the first meeting of each month.
  const cif = g.cif;
  if (cif && cif.outstandingPaise > 0 && cif.lastPaidMonth !== date.slice(0, 7) && snap.externalLoans.some((l) => l.id === cif.loanId)) {
    const principalPaise = Math.min(cif.instalmentPaise, cif.outstandingPaise);
    const interestPaise = roundDown(cif.outstandingPaise / 100, RS);
    const amount = principalPaise + interestPaise;
    const via = cash - cashOut >= amount + 100 * RS ? 'cash' : bank >= amount ? 'bank' : null;
    if (via) {
      externalLoanRepayments.push({ externalLoanId: cif.loanId, principalPaise, interestPaise, via });
      if (via === 'bank') bank -= amount;
      else cashOut += amount;
      cif.outstandingPaise -= principalPaise;
      cif.lastPaidMonth = date.slice(0, 7);
    }
  }
  const term = g.bankLoanState;
  if (term) {
    const due = term.schedule.slice(term.paid).filter((i) => i.dueOn <= date);
    const principalPaise = due.reduce((s, i) => s + i.principalPaise, 0);
    const interestPaise = due.reduce((s, i) => s + i.interestPaise, 0);
    const amount = principalPaise + interestPaise;
    if (amount > 0) {
      const via = bank >= amount ? 'bank' : cash - cashOut >= amount + 100 * RS ? 'cash' : null;
      if (via) {
        externalLoanRepayments.push({ externalLoanId: term.loanId, principalPaise, interestPaise, via });
        if (via === 'bank') bank -= amount;
        else cashOut += amount;
        term.paid += due.length;
      }
    }
  }
  const spend = (kind: (typeof expenses)[number]['kind'], amount: number, narration: string) => {
    if (cash + bank - cashOut < amount + 100 * RS) return;
    expenses.push({ kind, amountPaise: amount, narration, via: 'cash' });
    cashOut += amount;
  };
  if (first) spend('stationery', rng.int(12, 25) * 10 * RS, 'cash book, registers and passbooks');
  else if (rng.chance(g.frequency === 'weekly' ? 0.08 : 0.2)) spend('stationery', rng.int(2, 8) * 10 * RS, rng.pick(['pen and carbon paper', 'register', 'receipt book', 'photocopies of passbooks']));
  if (!first && rng.chance(0.05)) spend('meeting', rng.int(3, 8) * 10 * RS, rng.pick(['tea for the meeting', 'mat for the meeting place', 'tea for the CRP visit']));
  if (g.honorariumPaise && previous && previous.slice(0, 7) !== date.slice(0, 7)) spend('honorarium', g.honorariumPaise, `bookkeeper honorarium for ${previous.slice(0, 7)}`);

  // Loans to members, from what the group holds (its cash and, if needed, a withdrawal from the bank).
  if (k >= g.lendingFrom) {
    const borrowing = new Set(snap.loans.map((l) => l.definition.memberId));
    const candidates = rng.shuffle(g.members.filter((m) => present.has(m.id) && !borrowing.has(m.id) && !m.stopped && g.leaving?.member !== m));
    const want = g.frequency === 'weekly' ? rng.weighted([[0, 55], [1, 35], [2, 10]] as const) : rng.weighted([[0, 25], [1, 45], [2, 30]] as const);
    const afterBankLoan = g.bankLoan !== null && k >= g.bankLoan.at;
    // A group with money idle in the bank lends more and larger loans.
    const rich = cash + bank - cashOut > 30_000 * RS;
    for (const m of candidates.slice(0, afterBankLoan || rich ? want + 1 : want)) {
      const lendable = roundDown(cash + bank - cashOut - 200 * RS, 500 * RS);
      const large = afterBankLoan || rng.chance(rich ? 0.4 : 0.12);
      const desired = large
        ? rng.pick([8000, 10000, 12000, 15000, 20000]) * RS
        : rng.weighted([[500, 2], [1000, 5], [1500, 3], [2000, 5], [2500, 2], [3000, 4], [4000, 2], [5000, 3], [6000, 1]] as const) * RS;
      const principalPaise = Math.min(desired, lendable);
      if (principalPaise < 500 * RS) break;
      const purpose = rng.pick(principalPaise >= 8000 * RS ? LARGE_LOAN_PURPOSES : LOAN_PURPOSES);
      const { terms, text } = loanTerms(g, principalPaise);
      const loanId = demoId(seed, `loan:${g.index}:${date}:${m.id}`);
      disbursements.push({ loanId, memberId: m.id, principalPaise, purpose, terms });
      decisions.push(`Loan of ${rupees(principalPaise)} to ${m.name} for ${purpose}: ${text}.`);
      cashOut += principalPaise;
      // A few borrowers stop paying after some instalments (2-3 in the whole demo).
      if (g.defaulters > 0 && k >= Math.floor(g.calendar.length * 0.2) && principalPaise >= 1000 * RS) {
        g.defaulters -= 1;
        m.stopsAfter = rng.int(2, 5);
      }
    }
  }

  let bankWithdrawal = 0;
  if (cashOut > cash) {
    bankWithdrawal = Math.min(roundUp(cashOut - cash, 100 * RS), bank);
    cash += bankWithdrawal;
    bank -= bankWithdrawal;
  }
  cash -= cashOut;
  // A woman leaving after the meeting takes her savings (less what she owes) in cash: keep it in the box.
  if (g.leaving) {
    const id = g.leaving.member.id;
    const held = snap.savingsByMember[id] ?? { compulsoryPaise: 0, voluntaryPaise: 0 };
    const saved = savings.filter((x) => x.memberId === id).reduce((t, x) => t + x.compulsoryPaise + x.voluntaryPaise, 0);
    const withdrawn = savingsWithdrawals.filter((x) => x.memberId === id).reduce((t, x) => t + x.amountPaise, 0);
    const payout = Math.max(0, held.compulsoryPaise + held.voluntaryPaise + saved - withdrawn - Math.max(0, leavingDues));
    if (cash < payout + 100 * RS) {
      const extra = Math.min(roundUp(payout + 100 * RS - cash, 100 * RS), bank);
      bankWithdrawal += extra;
      cash += extra;
      bank -= extra;
    }
    if (cash < payout) g.leaving = null; // not enough money in the group today: she leaves another week
  }
  let bankDeposit = 0;
  const threshold = g.frequency === 'weekly' ? 1500 * RS : 1000 * RS;
  if (bankWithdrawal === 0 && !g.leaving && cash > threshold) {
    bankDeposit = roundDown(cash - rng.int(2, 5) * 100 * RS, 100 * RS);
    cash -= bankDeposit;
    bank += bankDeposit;
    if (rng.chance(0.3)) {
      const fare = rng.int(2, 4) * 10 * RS;
      expenses.push({ kind: 'travel', amountPaise: fare, narration: 'auto fare to the bank', via: 'cash' });
      cash -= fare;
    }
  }
  if (disbursements.length === 0 && rng.chance(0.03)) decisions.push(rng.pick(['Members to get their children immunised at the next Village Health and Nutrition Day.', 'Group to raise the demand for a tube well in the Gram Sabha.', 'All members to open Jan Dhan accounts.', 'Awareness on early marriage discussed; members pledged to keep daughters in school.']));

  // Counted at the close: almost always right, now and then a few rupees out, rarely not counted at all.
  const r = rng.next();
  const cashCountedPaise = r < 0.01 ? null : r < 0.03 ? Math.max(0, cash + (rng.chance(0.7) ? -1 : 1) * rng.int(1, 10) * RS) : cash;

  const payload: MeetingPayload = {
    meetingId,
    shgId: g.id,
    date,
    attendance,
    savings,
    savingsWithdrawals,
    repayments,
    disbursements,
    fines,
    otherReceipts,
    expenses,
    bankDeposit,
    bankWithdrawal,
    externalLoanRepayments,
    cashCountedPaise,
    decisions,
  };
  return { input: meetingInputSchema.parse(payload), closingCashPaise: cash, closingBankPaise: bank };
}

async function setUpTree(cmd: Commands, plan: DemoPlan, rootId: string) {
  for (const [b, s] of plan.states.entries()) {
    const br = s.branch;
    await cmd.run('create-node', `state:${b}`, { id: s.id, parentId: rootId, kind: 'state', name: br.state.name, code: br.state.code, lgdCode: br.state.lgd });
    await cmd.run('create-node', `district:${b}`, { id: s.districtId, parentId: s.id, kind: 'district', name: br.district.name, code: br.district.code, lgdCode: br.district.lgd });
    await cmd.run('create-node', `block:${b}`, { id: s.blockId, parentId: s.districtId, kind: 'block', name: `${br.block.name} branch`, code: br.block.code, lgdCode: br.block.lgd, nrlmCode: br.block.nrlm });
  }
  const lgd = Rng.of(`${plan.seed}:lgd`);
  for (const v of plan.villages) {
    await cmd.run('create-node', `village:${v.id}`, {
      id: v.id,
      parentId: v.blockId,
      kind: 'village',
      name: v.seed.name,
      code: v.seed.code,
      nrlmCode: v.nrlmCode,
      lgdCode: String(lgd.int(300000, 399999)),
    });
  }
}

/** The loan products the demo's groups use, offered to the whole organisation (the field app picks from them). */
async function setUpLoanProducts(cmd: Commands, plan: DemoPlan, rootId: string) {
  if (!hasCommand('define-loan-product')) return;
  const flexible = (period: Frequency) => ({ kind: 'flexible', ratePercentPerMonth: '2', period, interestRounding: { unit: 'rupee', mode: 'half-even' }, agreedPrincipalPaise: null });
  const products = [
    { key: 'weekly', name: 'Weekly loan, 2% a month', terms: flexible('weekly') },
    { key: 'fortnightly', name: 'Fortnightly loan, 2% a month', terms: flexible('fortnightly') },
    { key: 'monthly', name: 'Monthly loan, 2% a month', terms: flexible('monthly') },
    {
      key: 'livestock',
      name: 'Livestock loan, 24% declining, 24 fortnightly instalments',
      terms: { kind: 'scheduled', annualRatePercent: '24', interestMethod: 'declining', amortization: 'equal-installments', repayments: 24, every: 2, unit: 'weeks', decimals: 0 },
    },
  ];
  for (const p of products) {
    const id = demoId(plan.seed, `loan-product:${p.key}`);
    await cmd.run('define-loan-product', id, { id, nodeId: rootId, name: p.name, terms: p.terms });
  }
}

async function setUpGroup(cmd: Commands, seed: number, g: GroupPlan) {
  await cmd.run(
    'create-shg',
    g.id,
    {
      id: g.id,
      villageId: g.village.id,
      name: g.name,
      code: g.code,
      nrlmCode: `${g.village.nrlmCode}${String(g.index + 1).padStart(4, '0')}`,
      formedOn: g.formedOn,
      meetingFrequency: g.frequency,
      meetingDay: g.meetingDay,
      compulsorySavingsPaise: g.compulsoryPaise,
      promotedBy: DEMO_ORGANISATION_NAME,
      interestRounding: 'rupee-half-even',
      bankAccounts: [{ id: g.bank.id, bankName: g.bank.name, branch: g.bank.branch, ifsc: g.bank.ifsc, accountNumber: g.bank.accountNumber, openedOn: g.formedOn, isDefault: true }],
    },
    g.formedOn,
  );
  for (const m of g.members) {
    if (m.joinedOn !== g.formedOn) continue;
    await cmd.run('register-household', String(m.household.id), m.household, m.joinedOn);
    await cmd.run('admit-member', m.id, m.admit, m.joinedOn);
    m.admitted = true;
  }
  if (g.cutoffSheet && hasCommand('import-cutoff')) {
    await cmd.run('import-cutoff', g.id, g.cutoffSheet.payload, g.cutoffSheet.date);
  } else {
    g.cif = null;
  }
  for (const ob of g.officeBearers) {
    await cmd.run('appoint-office-bearer', `${g.id}:${ob.role}`, { id: demoId(seed, `office-bearer:${g.index}:${ob.role}`), shgId: g.id, memberId: ob.memberId, role: ob.role, from: g.formedOn }, g.formedOn);
  }
}

/** Who acts: the administrator for most things, each branch manager as the maker of requests the administrator checks. */
interface Crew {
  admin: Commands;
  managers: Commands[];
}

async function runGroup(crew: Crew, db: Database, seed: number, g: GroupPlan, tick: (label: string) => void) {
  const cmd = crew.admin;
  const manager = crew.managers[g.village.branchIndex] ?? crew.admin;
  let closed = false;
  for (const [k, date] of g.calendar.entries()) {
    for (const m of g.members) {
      if (!m.admitted && m.joinedOn <= date) {
        await cmd.run('register-household', String(m.household.id), m.household, m.joinedOn);
        await cmd.run('admit-member', m.id, m.admit, m.joinedOn);
        m.admitted = true;
      }
    }
    if (g.closeThrough && !closed && date >= addDays(g.closeThrough, 14)) {
      await cmd.run('close-period', `${g.id}:${g.closeThrough}`, { nodeId: g.id, through: g.closeThrough }, date);
      closed = true;
    }
    if (k === g.rotateTreasurerAt) {
      const current = g.officeBearers.find((o) => o.role === 'treasurer')!.memberId;
      const next = g.members.find((m) => m.admitted && !m.left && m.id !== current && !g.officeBearers.some((o) => o.memberId === m.id) && !m.stopped);
      if (next) {
        await cmd.run('appoint-office-bearer', `${g.id}:treasurer:${date}`, { id: demoId(seed, `${g.id}:treasurer:${date}`), shgId: g.id, memberId: next.id, role: 'treasurer', from: date }, date);
      }
    }
    if (g.bankLoan && k === g.bankLoan.at && hasCommand('receive-external-loan')) {
      // Credit linkage: the bank sanctions a term loan after grading; it lands in the group's account today.
      const loanId = demoId(seed, `bank-loan:${g.index}`);
      const result = await cmd.run<{ schedule: PaiseInstallment[] | null }>(
        'receive-external-loan',
        loanId,
        {
          kind: 'term-loan',
          loanId,
          shgId: g.id,
          date,
          lender: 'bank',
          lenderName: `${g.bank.name}, ${g.bank.branch}`,
          reference: `SHG-TL/${date.slice(0, 4)}/${String(g.index + 1).padStart(4, '0')}`,
          annualRatePercent: '7',
          into: 'bank',
          purpose: 'first dose of bank credit linkage, for members\' livelihoods',
          amountPaise: g.bankLoan.principalPaise,
          repayments: 24,
          every: 1,
          unit: 'months',
          interestMethod: 'declining',
          amortization: 'equal-installments',
        },
        date,
      );
      g.bankLoanState = { loanId, schedule: result.schedule ?? [], paid: 0 };
    }
    const snap = await snapshotOf(db, g.id);

    const exit = g.exits.find((e) => e.at <= k);
    g.leaving = null;
    if (exit) {
      const borrowing = new Set(snap.loans.map((l) => l.definition.memberId));
      const officeBearers = new Set(g.officeBearers.map((o) => o.memberId));
      const member =
        exit.kind === 'defaulter'
          ? g.members.find((m) => m.stopped && !m.left)
          : g.members.find((m) => m.admitted && !m.left && !m.stopped && m.joinedOn < date && !borrowing.has(m.id) && !officeBearers.has(m.id));
      if (member) g.leaving = { member, kind: exit.kind };
      else g.exits.splice(g.exits.indexOf(exit), 1);
    }

    const { input, closingCashPaise, closingBankPaise } = decideMeeting(seed, g, snap, date, k);
    if (k === g.correctionAt && input.savings.length > 0) {
      // The bookkeeper wrote one woman's Rs 10 as Rs 100; the cash count gives it away and the meeting is corrected.
      const row = input.savings.find((s) => s.compulsoryPaise > 0) ?? input.savings[0]!;
      const wrongAmount = row.compulsoryPaise * 10;
      const wrong: MeetingInput = {
        ...input,
        meetingId: demoId(seed, `meeting:${g.index}:${date}:as-first-written`),
        savings: input.savings.map((s) => (s === row ? { ...s, compulsoryPaise: wrongAmount } : s)),
        // Loans in the wrong version are other loans: the correction cancels them and the right version makes its own.
        disbursements: input.disbursements.map((d) => ({ ...d, loanId: demoId(seed, `loan:${d.loanId}:as-first-written`) })),
      };
      await cmd.run('record-meeting', wrong.meetingId, wrong, date);
      const name = g.byId.get(row.memberId)!.name;
      await cmd.run(
        'correct-meeting',
        input.meetingId,
        {
          correctionId: demoId(seed, `correction:${g.index}:${date}`),
          meetingId: wrong.meetingId,
          reason: `${name}'s savings written as ${rupees(wrongAmount)} instead of ${rupees(row.compulsoryPaise)}; the cash count was short by ${rupees(wrongAmount - row.compulsoryPaise)}`,
          meeting: input,
        },
        date,
      );
    } else {
      // Most groups' books are written at the meeting; a group with defaulters also has a bookkeeper who lags.
      const writtenOn = g.defaulters ? addDays(date, 12) : date;
      const result = await cmd.run<RecordMeetingResult>('record-meeting', input.meetingId, input, date, `${writtenOn}T11:00:00+05:30`);
      if (result.closingCashPaise !== closingCashPaise || result.closingBankPaise !== closingBankPaise) {
        throw new Error(`demo: the books of ${g.name} after ${date} hold cash ${result.closingCashPaise} and bank ${result.closingBankPaise}, the generator expected ${closingCashPaise} and ${closingBankPaise}`);
      }
    }

    if (g.leaving) await leave(crew.admin, manager, seed, g, await snapshotOf(db, g.id), date);
    if (k === g.writeOffAt) await writeOff(crew.admin, manager, seed, g, await snapshotOf(db, g.id), date);
    tick(g.name);
  }
}

/** A member leaves after the meeting: her savings settle her dues; a defaulter's shortfall is written off (maker-checker). */
async function leave(admin: Commands, manager: Commands, seed: number, g: GroupPlan, snap: GroupSnapshot, date: string): Promise<void> {
  const { member, kind } = g.leaving!;
  const held = snap.savingsByMember[member.id] ?? { compulsoryPaise: 0, voluntaryPaise: 0 };
  const dues = snap.loans.filter((l) => l.definition.memberId === member.id).reduce((t, l) => t + demandAt(l.definition, l.events, date).maxPayablePaise, 0);
  const shortfall = dues - held.compulsoryPaise - held.voluntaryPaise;
  let approvalId: string | undefined;
  if (shortfall > 0) {
    approvalId = demoId(seed, `exit-write-off:${member.id}`);
    await manager.run('request-write-off', approvalId, { approvalId, memberId: member.id, asOf: date, reason: `${member.name} has left the village for work and will not come back; her savings do not cover her loan` }, date);
    await admin.run('decide-approval', approvalId, { approvalId, decision: 'approve', date, note: 'approved at the branch review' }, date);
  }
  await admin.run('exit-member', member.id, { memberId: member.id, date, ...(approvalId ? { writeOffShortfall: true, approvalId } : {}) }, date);
  member.left = true;
  g.exits = g.exits.filter((e) => e.kind !== kind || e.at > g.calendar.indexOf(date));
}

/** A defaulter's loan, unpaid for months, is written off: the branch manager asks, the administrator approves. */
async function writeOff(admin: Commands, manager: Commands, seed: number, g: GroupPlan, snap: GroupSnapshot, date: string): Promise<boolean> {
  const defaulter = g.members.find((m) => m.stopped && !m.left);
  const loan = defaulter && snap.loans.find((l) => l.definition.memberId === defaulter.id);
  if (!defaulter || !loan) return false;
  const approvalId = demoId(seed, `write-off:${loan.definition.id}`);
  await manager.run('request-write-off', approvalId, { approvalId, loanId: loan.definition.id, asOf: date, reason: `${defaulter.name} has paid nothing for months; the group resolved to write the loan off` }, date);
  await admin.run('decide-approval', approvalId, { approvalId, decision: 'approve', date, note: 'approved after the branch review of overdue loans' }, date);
  return true;
}

async function setUpUsers(cmd: Commands, plan: DemoPlan, rootId: string) {
  const users: Array<{ login: DemoLogin; name: string; language: 'en' | 'hi' | 'bn' | 'or'; roles: Array<{ nodeId: string; role: string }> }> = [];
  const byName = new Map(DEMO_LOGINS.map((l) => [l.username, l]));
  for (const [b, s] of plan.states.entries()) {
    users.push({
      login: byName.get(b === 0 ? 'manager.baruipur' : 'manager.baharagora')!,
      name: b === 0 ? 'Subhra Chakraborty' : 'Anjana Kumari',
      language: s.branch.language,
      roles: [{ nodeId: s.blockId, role: 'manager' }],
    });
  }
  const kept = plan.groups.filter((g) => g.honorariumPaise > 0);
  if (kept.length) users.push({ login: byName.get('bookkeeper')!, name: 'Mitali Naskar', language: 'bn', roles: kept.map((g) => ({ nodeId: g.id, role: 'bookkeeper' })) });
  users.push({ login: byName.get('auditor')!, name: 'R. K. Agarwal & Co. (auditor)', language: 'en', roles: [{ nodeId: rootId, role: 'auditor' }] });
  // Releases of the organisation's funds need a second person at the organisation (maker–checker).
  users.push({ login: byName.get('accounts')!, name: 'Meera Pal (accounts)', language: 'en', roles: [{ nodeId: rootId, role: 'manager' }] });
  for (const u of users) {
    await cmd.run('create-user', `user:${u.login.username}`, {
      id: demoId(plan.seed, `user:${u.login.username}`),
      username: u.login.username,
      name: u.name,
      password: u.login.password,
      language: u.language,
      roles: u.roles,
    });
  }
  return [byName.get('admin')!, ...users.map((u) => u.login)];
}

async function summaryOf(db: Database, organisationId: number): Promise<DemoSummary> {
  const count = async (table: 'shg' | 'member' | 'meeting' | 'loan' | 'journal_entry' | 'journal_line', extra?: (q: any) => any) => {
    let q = db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', organisationId);
    if (extra) q = extra(q);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return {
    shgs: await count('shg'),
    members: await count('member'),
    meetings: await count('meeting', (q) => q.where('status', '=', 'recorded')),
    loans: await count('loan'),
    journalEntries: await count('journal_entry'),
    journalLines: await count('journal_line'),
  };
}

/**
 * Generates the demo organisation into an empty database (any other organisation may exist; the demo's usernames
 * must be free). Same seed, same books.
 */
export async function generateDemo(db: Database, options: GenerateDemoOptions): Promise<DemoResult> {
  registerAllHandlers();
  const seed = options.seed;
  const plan = planDemo({ seed, shgs: options.shgs ?? 20, months: options.months ?? 12, endDate: options.endDate ?? DEMO_END_DATE });
  const total = plan.groups.reduce((s, g) => s + g.calendar.length, 0);
  const progress = options.onProgress ?? (() => {});
  progress(0, total, 'setting up');

  const admin = DEMO_LOGINS[0]!;
  const org = await createOrganisation(db, {
    code: DEMO_ORGANISATION_CODE,
    name: DEMO_ORGANISATION_NAME,
    admin: { username: admin.username, name: 'Demo Administrator', password: admin.password },
  });
  const actor = await loadActor(db, org.adminUserId, 'demo-generator');
  if (!actor) throw new Error('demo: the administrator was not created');
  const cmd = new Commands(db, actor, seed);

  await setUpTree(cmd, plan, org.rootNodeId);
  await setUpLoanProducts(cmd, plan, org.rootNodeId);
  for (const g of plan.groups) await setUpGroup(cmd, seed, g);
  const logins = await setUpUsers(cmd, plan, org.rootNodeId);
  const managers: Commands[] = [];
  for (const username of ['manager.baruipur', 'manager.baharagora']) {
    const manager = await loadActor(db, demoId(seed, `user:${username}`), 'demo-generator');
    managers.push(manager ? new Commands(db, manager, seed) : cmd);
  }
  const crew: Crew = { admin: cmd, managers };

  let done = 0;
  const tick = (label: string) => progress(++done, total, label);
  const queue = [...plan.groups];
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) await runGroup(crew, db, seed, g, tick);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
  const commandsOf = async (username: string): Promise<Commands> => {
    const user = await loadActor(db, demoId(seed, `user:${username}`), 'demo-generator');
    return user ? new Commands(db, user, seed) : cmd;
  };
  await setUpFederations(cmd, await commandsOf('accounts'), db, plan, org.rootNodeId);
  for (const extension of DEMO_EXTENSIONS) {
    progress(total, total, extension.label);
    await extension.run({ db, cmd, plan, rootId: org.rootNodeId, seed, commandsOf });
  }

  // Logins made by the extensions (e.g. the micro-business case worker) are printed too, in DEMO_LOGINS order.
  const present = new Set((await db.selectFrom('app_user').select('username').where('organisation_id', '=', org.organisationId).execute()).map((u) => u.username));
  const extra = DEMO_LOGINS.filter((l) => present.has(l.username) && !logins.some((x) => x.username === l.username));
  return { organisationId: org.organisationId, logins: [...logins, ...extra], summary: await summaryOf(db, org.organisationId) };
}

/** True once the command exists in this build (commands other engineers are adding). */
export function hasCommand(type: string): boolean {
  registerAllHandlers();
  return handlerFor(type) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Federations: two VOs over the first branch's SHGs and a CLF over them; CIF flows down and repayments up
// ---------------------------------------------------------------------------------------------------------------

/**
 * After the groups' year: the first branch's SHGs join a VO of their village (Ramnagar's own; Madarat's, which the
 * third village's SHGs join too), both VOs join a CLF of the branch, each VO's EC seats one representative per SHG
 * and meets. The organisation places CIF with the CLF (Rs 3,000 per member of its SHGs, the rule; the release
 * requested by the administrator, approved by the accounts officer), the CLF lends it to the VOs (the CLF's share of the
 * interest: 75%), the VOs lend it on to their SHGs on 12 monthly instalments; each SHG repays its first
 * instalment and each VO repays the CLF what came up. Every movement is written in both books (one command each).
 * All of it is dated after the last closed period, in the demo's last three months, and every SHG outflow is paid
 * out of the CIF it received, so no group's cash or bank ever goes below zero.
 */
async function setUpFederations(cmd: Commands, checker: Commands, db: Database, plan: DemoPlan, rootId: string): Promise<void> {
  if (!hasCommand('create-federation')) return;
  const seed = plan.seed;
  const branch = plan.states[0]!;
  const villages = plan.villages.filter((v) => v.branchIndex === 0);
  const locks = plan.groups.flatMap((g) => (g.closeThrough ? [g.closeThrough] : []));
  const threeMonthsBefore = addMonths(plan.end, -3);
  const from = [threeMonthsBefore, ...locks.map((l) => addDays(l, 1))].sort().at(-1)!;
  if (from >= plan.end) return;
  const day = (n: number) => (addDays(from, n) <= plan.end ? addDays(from, n) : plan.end);
  const vos = [
    { key: 'vo:0', village: villages[0]!, covers: [villages[0]!] },
    { key: 'vo:1', village: villages[1]!, covers: villages.slice(1) },
  ].map((v) => ({
    ...v,
    id: demoId(seed, `federation:${v.key}`),
    groups: plan.groups.filter((g) => v.covers.some((c) => c.id === g.village.id) && g.formedOn <= from),
  }));
  if (vos.some((v) => v.groups.length === 0)) return;
  const clfId = demoId(seed, 'federation:clf');
  const formedOn = plan.start;
  await cmd.run('create-federation', 'clf', { id: clfId, parentId: branch.blockId, level: 'clf', name: `${branch.branch.block.name} Cluster Level Federation`, code: `${branch.branch.block.code}-CLF`, formedOn }, formedOn);
  for (const vo of vos) {
    await cmd.run('create-federation', vo.key, { id: vo.id, parentId: vo.village.id, level: 'vo', name: `${vo.village.seed.name} Village Organisation`, code: `${vo.village.seed.code}-VO`, formedOn }, formedOn);
    await cmd.run('admit-federation-member', `clf:${vo.key}`, { membershipId: demoId(seed, `membership:clf:${vo.key}`), federationId: clfId, memberId: vo.id, since: from }, from);
    for (const g of vo.groups) {
      await cmd.run('admit-federation-member', `${vo.key}:${g.id}`, { membershipId: demoId(seed, `membership:${vo.key}:${g.id}`), federationId: vo.id, memberId: g.id, since: from }, from);
    }
  }
  // The EC: one representative per SHG (its longest-standing active member), a monthly EC meeting.
  for (const vo of vos) {
    const present: string[] = [];
    for (const g of vo.groups) {
      const rep = await db.selectFrom('member').select('id').where('shg_id', '=', g.id).where('status', '=', 'active').orderBy('membership_number').executeTakeFirst();
      if (!rep) continue;
      await cmd.run('appoint-ec-member', `${vo.key}:${rep.id}`, { id: demoId(seed, `ec:${vo.key}:${rep.id}`), federationId: vo.id, personId: rep.id, role: 'representative', from }, from);
      present.push(rep.id);
    }
    if (present.length) {
      await cmd.run('appoint-ec-member', `${vo.key}:president`, { id: demoId(seed, `ec:${vo.key}:president`), federationId: vo.id, personId: present[0], role: 'president', from }, from);
      await cmd.run('record-federation-meeting', `${vo.key}:ec:1`, {
        meetingId: demoId(seed, `federation-meeting:${vo.key}:1`),
        federationId: vo.id,
        kind: 'ec',
        date: day(1),
        attendees: present,
        decisions: [{ text: 'Micro Credit Plans of the member SHGs approved; CIF to be requested from the CLF' }],
      }, day(1));
    }
  }

  // CIF down: the organisation places it with the CLF, the CLF lends to each VO, each VO to its SHGs.
  const shgLoan = (g: GroupPlan) => g.members.filter((m) => m.admitted && !m.left).length * 2500 * RS;
  const voNeeds = vos.map((vo) => vo.groups.reduce((t, g) => t + shgLoan(g), 0));
  // CIF placed: Rs 3,000 per member of the SHGs within the CLF on the day (the rule set's funds.cifPerMemberPaise).
  const members = await db
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('shg_id', 'in', vos.flatMap((v) => v.groups.map((g) => g.id)))
    .where('joined_on', '<=', day(2))
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('left_on', '>', day(2))]))
    .executeTakeFirstOrThrow();
  const placed = Number(members.n) * 3000 * RS;
  if (placed < voNeeds.reduce((t, x) => t + x, 0)) throw new Error('demo: the CIF placed does not cover the CLF’s loans');
  const cifApproval = demoId(seed, 'approval:cif:clf');
  await cmd.run('request-fund-release', 'cif:clf', { approvalId: cifApproval, transferId: demoId(seed, 'transfer:cif:clf'), fund: 'cif', giverId: rootId, receiverId: clfId, date: day(2), amountPaise: placed, reference: 'CIF sanction 1', note: 'CIF for the cluster: Rs 3,000 per member' }, day(2));
  await checker.run('decide-approval', 'cif:clf', { approvalId: cifApproval, decision: 'approve', note: 'sanction verified' }, day(2));
  for (const [i, vo] of vos.entries()) {
    const loanId = demoId(seed, `loan:clf:${vo.key}`);
    await cmd.run('lend-to-member-institution', `clf:${vo.key}`, { loanId, lenderId: clfId, borrowerId: vo.id, fund: 'cif', date: day(3), amountPaise: voNeeds[i]!, annualRatePercent: '9', repayments: 24, onLendingPassUpPercent: '75' }, day(3));
    let principalUp = 0;
    for (const g of vo.groups) {
      const shgLoanId = demoId(seed, `loan:${vo.key}:${g.id}`);
      const lent = await cmd.run<{ schedule: PaiseInstallment[] }>(
        'lend-to-member-institution',
        `${vo.key}:${g.id}`,
        { loanId: shgLoanId, lenderId: vo.id, borrowerId: g.id, fund: 'cif', date: day(5), amountPaise: shgLoan(g), annualRatePercent: '12', repayments: 12, fundedByLoanId: loanId, purpose: 'Micro Credit Plan: livestock and petty trade' },
        day(5),
      );
      // Up: the SHG's first instalment (on its due date, or early on the demo's last day).
      const first = lent.schedule[0]!;
      const on = first.dueOn <= plan.end ? first.dueOn : plan.end;
      await cmd.run('repay-institution-loan', `${vo.key}:${g.id}:1`, { transferId: demoId(seed, `transfer:repay:${vo.key}:${g.id}:1`), loanId: shgLoanId, date: on, principalPaise: first.principalPaise, interestPaise: first.interestPaise }, on);
      principalUp += first.principalPaise;
    }
    // The VO passes the principal up with the CLF's share of the interest (what it holds for the CLF).
    await cmd.run('repay-institution-loan', `clf:${vo.key}:1`, { transferId: demoId(seed, `transfer:repay:clf:${vo.key}:1`), loanId, date: plan.end, principalPaise: principalUp }, plan.end);
  }
}
