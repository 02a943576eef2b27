/**
 * The one door from the web app into @khata/core.
 *
 * Modules are imported one by one ('@khata/core/money') instead of the barrel: the barrel also re-exports the
 * zod schemas, whose top-level construction cannot be tree-shaken and costs the first load ~28 KB gzipped
 * (measured: 101 KB → 129 KB) for code the office screens never run.
 */
export { formatMoney, type FormatMoneyOptions } from '@khata/core/money';
export { ErrorCode } from '@khata/core/errors';
