/**
 * The pure part of the federation forms: the levels a place may hold, and the payloads sent to the server for
 * create-federation, record-federation-meeting, form-sub-committee, and the in-transit repayments the reconciliation
 * lists (one "Record receipt" per SHG meeting).
 */
import { describe, expect, it } from 'vitest';
import type { FederationReconciliation, ReconciliationDifference } from '../../api/federations.ts';
import { createFederationPayload, decisionLines, inTransitRepayments, levelsFor, meetingPayload, subCommitteePayload } from './federation-forms.ts';

describe('levelsFor', () => {
  it('offers only the levels the tree lets a place hold', () => {
    expect(levelsFor('village')).toEqual(['vo']);
    expect(levelsFor('cluster')).toEqual(['vo', 'clf']);
    expect(levelsFor('block')).toEqual(['clf', 'blf']);
    expect(levelsFor('district')).toEqual(['blf']);
    expect(levelsFor('state')).toEqual([]);
    expect(levelsFor('organisation')).toEqual([]);
  });
});

describe('createFederationPayload', () => {
  it('trims what was typed and sends empty optional boxes as null', () => {
    expect(
      createFederationPayload('id-1', 'place-1', { level: 'vo', name: '  Jagriti VO ', code: ' VO-7 ', nrlmCode: ' ', formedOn: '2026-04-01', registeredAs: ' society ', registrationNumber: '' }),
    ).toEqual({ id: 'id-1', parentId: 'place-1', level: 'vo', name: 'Jagriti VO', code: 'VO-7', nrlmCode: null, formedOn: '2026-04-01', registeredAs: 'society', registrationNumber: null });
  });
});

describe('decisionLines', () => {
  it('makes one decision per non-empty line, dropping numbering the person typed', () => {
    expect(decisionLines('1. Give CIF to Durga SHG\n\n  2) Next meeting on the 5th  \r\nBuy a cupboard\n3- Visit the bank')).toEqual([
      { text: 'Give CIF to Durga SHG' },
      { text: 'Next meeting on the 5th' },
      { text: 'Buy a cupboard' },
      { text: 'Visit the bank' },
    ]);
    expect(decisionLines('   \n')).toEqual([]);
  });
  it('keeps a number that is part of the decision', () => {
    expect(decisionLines('50 members to be trained')).toEqual([{ text: '50 members to be trained' }]);
  });
});

describe('meetingPayload', () => {
  it('sends the ticked people once each and the decisions in order', () => {
    expect(meetingPayload('m-1', 'f-1', { kind: 'gb', date: '2026-05-05', place: '', present: ['a', 'b', 'a'], decisions: 'One\nTwo', minutes: ' ' })).toEqual({
      meetingId: 'm-1',
      federationId: 'f-1',
      kind: 'gb',
      date: '2026-05-05',
      place: null,
      attendees: ['a', 'b'],
      decisions: [{ text: 'One' }, { text: 'Two' }],
      minutes: null,
    });
  });
});

describe('subCommitteePayload', () => {
  it('marks the chosen convenor and everyone else a member', () => {
    expect(subCommitteePayload('s-1', 'f-1', { name: ' Bank linkage ', purpose: '', formedOn: '2026-06-01', members: ['a', 'b', 'b'], convenorId: 'b' })).toEqual({
      id: 's-1',
      federationId: 'f-1',
      name: 'Bank linkage',
      purpose: null,
      formedOn: '2026-06-01',
      members: [
        { personId: 'a', role: 'member' },
        { personId: 'b', role: 'convenor' },
      ],
    });
  });
});

describe('inTransitRepayments', () => {
  const diff = (over: Partial<ReconciliationDifference>): ReconciliationDifference => ({
    category: 'cif-principal',
    federationPaise: 0,
    counterpartPaise: 0,
    differencePaise: 0,
    cause: 'in-transit',
    message: '',
    date: '2026-05-01',
    key: { kind: 'meeting', id: 'm-1' },
    entryIds: [],
    ...over,
  });
  const rec = (pairs: FederationReconciliation['pairs']): FederationReconciliation => ({
    federation: { id: 'vo-1', name: 'VO', code: 'VO', level: 'vo' },
    asOf: '2026-06-30',
    levelBelow: [],
    pairs,
    inTransitPaise: 0,
    matched: false,
  });
  it('gives one row per SHG meeting, principal and interest together, oldest first; other causes are left out', () => {
    const r = rec([
      {
        counterpart: { id: 'shg-2', name: 'Lakshmi', code: 'L', kind: 'shg' },
        relation: 'below',
        matched: false,
        categories: [],
        differences: [
          diff({ key: { kind: 'meeting', id: 'm-9' }, date: '2026-06-10', differencePaise: -100_000 }),
          diff({ key: { kind: 'meeting', id: 'm-9' }, date: '2026-06-10', category: 'cif-interest', differencePaise: -1_200 }),
          diff({ cause: 'amounts-differ', key: { kind: 'transfer', id: 't-1' }, differencePaise: 5 }),
        ],
      },
      {
        counterpart: { id: 'shg-1', name: 'Durga', code: 'D', kind: 'shg' },
        relation: 'below',
        matched: false,
        categories: [],
        differences: [diff({ key: { kind: 'meeting', id: 'm-3' }, date: '2026-05-02', differencePaise: -50_000 })],
      },
      { counterpart: { id: 'clf-1', name: 'CLF', code: 'C', kind: 'clf' }, relation: 'above', matched: false, categories: [], differences: [diff({ key: { kind: 'meeting', id: 'm-x' } })] },
    ]);
    expect(inTransitRepayments(r)).toEqual([
      { meetingId: 'm-3', meetingDate: '2026-05-02', shgId: 'shg-1', shgName: 'Durga', amountPaise: 50_000 },
      { meetingId: 'm-9', meetingDate: '2026-06-10', shgId: 'shg-2', shgName: 'Lakshmi', amountPaise: 101_200 },
    ]);
  });
});
