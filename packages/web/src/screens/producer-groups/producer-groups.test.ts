import { describe, expect, it } from 'vitest';
import { COMMODITY_NAMES, PG_EXPENSE_KINDS as CORE_EXPENSES } from '@khata/core/producer-group';
import { DEFAULT_GRAIN_KINDS as CORE_KINDS, GRAIN_LOSS_REASONS as CORE_LOSSES, GRAIN_MOVEMENT_KINDS as CORE_MOVES, GRAIN_RECEIPT_SOURCES as CORE_SOURCES } from '@khata/core/grain-bank';
import { STOCK_UNITS as CORE_UNITS } from '@khata/core/stock';
import { DEFAULT_GRAIN_KINDS, GRAIN_LOSS_REASONS, GRAIN_MOVEMENT_KINDS, GRAIN_RECEIPT_SOURCES } from '../../api/grain-bank.ts';
import { COMMODITIES, PG_EXPENSE_KINDS, PG_MOVEMENT_KINDS, STOCK_UNITS } from '../../api/producer-groups.ts';
import en from '../../i18n/en.json';
import { toSmallest } from './shared.tsx';

const english = en as Record<string, string>;

describe('grain bank and producer group screens', () => {
  it('the value lists are core’s, and every value the screens label has a catalog entry', () => {
    expect([...COMMODITIES]).toEqual(COMMODITY_NAMES);
    expect([...PG_EXPENSE_KINDS]).toEqual(Object.keys(CORE_EXPENSES));
    expect([...DEFAULT_GRAIN_KINDS]).toEqual([...CORE_KINDS]);
    expect([...GRAIN_LOSS_REASONS]).toEqual([...CORE_LOSSES]);
    expect([...GRAIN_RECEIPT_SOURCES]).toEqual([...CORE_SOURCES]);
    expect([...GRAIN_MOVEMENT_KINDS]).toEqual([...CORE_MOVES]);
    expect([...STOCK_UNITS]).toEqual([...CORE_UNITS]);
    const keys = [
      ...COMMODITIES.map((c) => `commodity.${c}`),
      ...PG_EXPENSE_KINDS.map((k) => `pgExpense.${k}`),
      ...PG_MOVEMENT_KINDS.map((k) => `pgMovement.${k}`),
      ...DEFAULT_GRAIN_KINDS.map((k) => `grain.${k}`),
      ...GRAIN_LOSS_REASONS.map((k) => `grainLoss.${k}`),
      ...GRAIN_RECEIPT_SOURCES.map((k) => `grainSource.${k}`),
      ...STOCK_UNITS.flatMap((u) => [`unit.${u}`, `pg.unitName.${u}`, `pg.quantityIn.${u}`, `pg.priceIn.${u}`]),
      ...['receive', 'lend', 'repay', 'loss', 'count', 'sell'].map((a) => `grain.action.${a}`),
    ];
    expect(keys.filter((k) => !(k in english))).toEqual([]);
  });

  it('quantities typed in kg or litres become grams or millilitres exactly; pieces stay whole', () => {
    expect(toSmallest('12.5', 'g')).toBe(12_500);
    expect(toSmallest('0,25', 'ml')).toBe(250);
    expect(toSmallest('3', 'g')).toBe(3000);
    expect(toSmallest('1.2345', 'g')).toBeNaN();
    expect(toSmallest('7', 'unit')).toBe(7);
    expect(toSmallest('7.5', 'unit')).toBeNaN();
  });
});
