import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart, LineChart, StackedColumns } from './charts.tsx';

/** Every chart is an image with a name and a description, and carries the same figures as a table. */
describe('charts', () => {
  it('a bar chart (and a funnel) names itself and has a table of every bar', () => {
    for (const funnel of [false, true]) {
      const html = renderToStaticMarkup(
        createElement(BarChart, { title: 'Groups by grade', summary: 'A: 2, B: 1', valueHeader: 'Groups', funnel, bars: [{ label: 'A', value: 2, text: '2' }, { label: 'B', value: 1, text: '1' }] }),
      );
      expect(html).toContain('role="img"');
      expect(html).toMatch(/<title id="[^"]+-t">Groups by grade<\/title>/);
      expect(html).toMatch(/<desc id="[^"]+-d">A: 2, B: 1<\/desc>/);
      expect(html).toContain('<th scope="row">A</th><td class="num">2</td>');
      expect(html).toContain('<th scope="row">B</th><td class="num">1</td>');
      expect((html.match(/<rect /g) ?? []).length).toBe(2);
    }
  });

  it('a line chart has one line per series, a legend in words and a row per point in its table', () => {
    const html = renderToStaticMarkup(
      createElement(LineChart, {
        title: 'Savings',
        summary: 'up',
        xLabels: ['Jan', 'Feb', 'Mar'],
        yText: (v: number) => String(v),
        series: [
          { label: 'Savings', values: [1, 2, 3], texts: ['1', '2', '3'] },
          { label: 'Loans', values: [0, 1, 0], texts: ['0', '1', '0'] },
        ],
      }),
    );
    expect((html.match(/<polyline /g) ?? []).length).toBe(2);
    expect(html).toContain('<li');
    expect(html).toContain('<th scope="row">Feb</th><td class="num">2</td><td class="num">1</td>');
  });

  it('stacked columns: a part per bucket per month, and the total column in the table', () => {
    const html = renderToStaticMarkup(
      createElement(StackedColumns, {
        title: 'PAR',
        summary: 's',
        xLabels: ['Jan', 'Feb'],
        yText: String,
        totalHeader: 'Share',
        totalTexts: ['1%', '2%'],
        parts: [
          { label: '1-30', values: [1, 2], texts: ['1', '2'] },
          { label: '31-60', values: [0, 3], texts: ['0', '3'] },
        ],
      }),
    );
    expect((html.match(/<rect /g) ?? []).length).toBe(4);
    expect(html).toContain('<th scope="row">Feb</th><td class="num">2</td><td class="num">3</td><td class="num">2%</td>');
  });
});
