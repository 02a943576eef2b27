/**
 * The one door from the web app into @khata/core.
 *
 * We import core's files directly instead of the '@khata/core' barrel (src/index.ts): the barrel also re-exports
 * the zod schema parts, whose top-level schema construction cannot be tree-shaken, and that costs the first load
 * ~28 KB gzipped (measured: 101 KB → 129 KB) for code the office screens never run. The package exports only ".",
 * so a bare subpath ('@khata/core/src/money.ts') does not resolve; relative paths do, in vite, vitest and tsc.
 * If core gains subpath exports (e.g. "./money"), switch these lines to them.
 */
export { formatMoney, type FormatMoneyOptions } from '../../core/src/money.ts';
export { ErrorCode } from '../../core/src/errors.ts';
