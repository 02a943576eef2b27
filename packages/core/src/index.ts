export * from './errors.ts';
export * from './money.ts';
export * from './schema-parts.ts';
export * from './dates.ts';
export * from './chart.ts';
export * from './loan-schedule.ts';
