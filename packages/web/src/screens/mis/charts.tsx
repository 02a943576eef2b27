import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/*
 * Small charts drawn as SVG, no library. Every chart is a figure with a title, a one-line text summary for screen
 * readers (the SVG is an image with that name) and the same figures as a table under a "Show as a table" toggle,
 * so that nothing is told by a picture or by colour alone. Colours are paired with labels and legends in words.
 */

export const PALETTE = ['#7a2e0e', '#1f6f8b', '#c98a00', '#4f7a28', '#8b3a62', '#5a5a5a'] as const;

export interface ChartTable {
  /** Header of the first column (what the rows are) and of each value column. */
  rowHeader: string;
  columns: string[];
  rows: Array<{ label: string; values: string[] }>;
}

function Figure({ title, summary, table, children }: { title: string; summary: string; table: ChartTable; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure className="chart" style={{ margin: '0.5em 0 1.5em', maxWidth: '48em' }}>
      <figcaption style={{ fontWeight: 700, marginBottom: '0.3em' }}>{title}</figcaption>
      {children}
      <p className="muted" style={{ margin: '0.2em 0' }}>
        {summary}
      </p>
      <details>
        <summary style={{ cursor: 'pointer', minHeight: '2.2em', display: 'flex', alignItems: 'center' }}>{t('mis.chart.showTable')}</summary>
        <div className="table-wrap">
          <table className="report-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{table.rowHeader}</th>
                {table.columns.map((c) => (
                  <th key={c} scope="col" className="num">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {r.values.map((v, i) => (
                    <td key={i} className="num">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function Svg({ titleId, title, summary, width, height, children }: { titleId: string; title: string; summary: string; width: number; height: number; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-labelledby={`${titleId}-t ${titleId}-d`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: `${width}px`, height: 'auto', display: 'block', fontFamily: 'inherit' }}
    >
      <title id={`${titleId}-t`}>{title}</title>
      <desc id={`${titleId}-d`}>{summary}</desc>
      {children}
    </svg>
  );
}

function Legend({ items }: { items: Array<{ label: string; color: string }> }) {
  return (
    <ul style={{ display: 'flex', flexWrap: 'wrap', gap: '0.3em 1.2em', listStyle: 'none', padding: 0, margin: '0.3em 0' }}>
      {items.map((i) => (
        <li key={i.label} style={{ display: 'inline-flex', alignItems: 'center', gap: '0.4em' }}>
          <span aria-hidden="true" style={{ width: '1em', height: '1em', background: i.color, display: 'inline-block', borderRadius: 2 }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------------------

export interface Bar {
  label: string;
  value: number;
  /** The value as the reader sees it (money, count, percent). */
  text: string;
}

/** Horizontal bars, one per row, each labelled with its name and value (long labels in any script fit). */
export function BarChart({ title, summary, bars, valueHeader, funnel }: { title: string; summary: string; bars: Bar[]; valueHeader: string; funnel?: boolean }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 34;
  const labelW = 190;
  const barW = 180;
  const width = labelW + barW + 70;
  const height = bars.length * row + 8;
  return (
    <Figure title={title} summary={summary} table={{ rowHeader: title, columns: [valueHeader], rows: bars.map((b) => ({ label: b.label, values: [b.text] })) }}>
      <Svg titleId={id} title={title} summary={summary} width={width} height={height}>
        {bars.map((b, i) => {
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barW);
          const x = funnel ? labelW + (barW - w) / 2 : labelW;
          const y = 4 + i * row;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + row / 2} textAnchor="end" dominantBaseline="middle" fontSize="14" fill="#222">
                {b.label}
              </text>
              <rect x={x} y={y + 4} width={w} height={row - 10} fill={PALETTE[funnel ? 1 : 0]} rx="2" />
              <text x={labelW + barW + 8} y={y + row / 2} dominantBaseline="middle" fontSize="14" fontWeight="700" fill="#222">
                {b.text}
              </text>
            </g>
          );
        })}
      </Svg>
    </Figure>
  );
}

export interface Series {
  label: string;
  values: number[];
  texts: string[];
}

function axis(max: number) {
  return [0, max / 2, max];
}

/** Lines over time (e.g. month ends), with a legend in words and the last value of each line written at its end. */
export function LineChart({ title, summary, xLabels, series, yText }: { title: string; summary: string; xLabels: string[]; series: Series[]; yText: (v: number) => string }) {
  const id = useId();
  const W = 640;
  const H = 260;
  const left = 90;
  const right = 20;
  const top = 12;
  const bottom = 40;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(1, xLabels.length - 1);
  const x = (i: number) => left + (i / n) * (W - left - right);
  const y = (v: number) => top + (1 - v / max) * (H - top - bottom);
  const colors = series.map((_, i) => PALETTE[i % PALETTE.length]!);
  return (
    <Figure
      title={title}
      summary={summary}
      table={{ rowHeader: '', columns: series.map((s) => s.label), rows: xLabels.map((l, i) => ({ label: l, values: series.map((s) => s.texts[i] ?? '') })) }}
    >
      <Legend items={series.map((s, i) => ({ label: s.label, color: colors[i]! }))} />
      <Svg titleId={id} title={title} summary={summary} width={W} height={H}>
        {axis(max).map((v) => (
          <g key={v}>
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke="#ddd" />
            <text x={left - 6} y={y(v)} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#555">
              {yText(v)}
            </text>
          </g>
        ))}
        {xLabels.map((l, i) =>
          (xLabels.length - 1 - i) % 2 === 0 ? (
            <text key={l} x={x(i)} y={H - bottom + 18} textAnchor="middle" fontSize="12" fill="#555">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s, si) => (
          <g key={s.label}>
            <polyline fill="none" stroke={colors[si]} strokeWidth="3" strokeDasharray={si === 1 ? '8 4' : si === 2 ? '2 3' : undefined} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
            {s.values.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r="3" fill={colors[si]} />
            ))}
          </g>
        ))}
      </Svg>
    </Figure>
  );
}

/** Stacked columns over time (e.g. PAR by age bucket each month), each part named in the legend and the table. */
export function StackedColumns({
  title,
  summary,
  xLabels,
  parts,
  totalTexts,
  totalHeader,
  yText,
}: {
  title: string;
  summary: string;
  xLabels: string[];
  parts: Series[];
  totalTexts: string[];
  totalHeader: string;
  yText: (v: number) => string;
}) {
  const id = useId();
  const W = 640;
  const H = 260;
  const left = 90;
  const right = 10;
  const top = 12;
  const bottom = 40;
  const totals = xLabels.map((_, i) => parts.reduce((t, p) => t + (p.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (W - left - right) / Math.max(1, xLabels.length);
  const y = (v: number) => top + (1 - v / max) * (H - top - bottom);
  const colors = parts.map((_, i) => PALETTE[(i + 2) % PALETTE.length]!);
  return (
    <Figure
      title={title}
      summary={summary}
      table={{
        rowHeader: '',
        columns: [...parts.map((p) => p.label), totalHeader],
        rows: xLabels.map((l, i) => ({ label: l, values: [...parts.map((p) => p.texts[i] ?? ''), totalTexts[i] ?? ''] })),
      }}
    >
      <Legend items={parts.map((p, i) => ({ label: p.label, color: colors[i]! }))} />
      <Svg titleId={id} title={title} summary={summary} width={W} height={H}>
        {axis(max).map((v) => (
          <g key={v}>
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke="#ddd" />
            <text x={left - 6} y={y(v)} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#555">
              {yText(v)}
            </text>
          </g>
        ))}
        {xLabels.map((l, i) => {
          let base = 0;
          return (
            <g key={l}>
              {parts.map((p, pi) => {
                const v = p.values[i] ?? 0;
                const rect = <rect key={pi} x={left + i * slot + slot * 0.15} width={slot * 0.7} y={y(base + v)} height={y(base) - y(base + v)} fill={colors[pi]} />;
                base += v;
                return rect;
              })}
              {(xLabels.length - 1 - i) % 2 === 0 && (
                <text x={left + i * slot + slot / 2} y={H - bottom + 18} textAnchor="middle" fontSize="12" fill="#555">
                  {l}
                </text>
              )}
            </g>
          );
        })}
      </Svg>
    </Figure>
  );
}
