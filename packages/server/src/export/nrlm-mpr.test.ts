import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { makeMisBlock, type MisBlock } from '../queries/mis-test-kit.ts';
import { lakh } from './nrlm-mpr.ts';

let h: TestApp;
let b: MisBlock;

beforeAll(async () => {
  h = await testApp();
  b = await makeMisBlock(h, 'MP');
}, 240_000);
afterAll(async () => h.close());

const mpr = async (nodeId: string, month: string) => (await ok(h.admin.get(`/api/nodes/${nodeId}/mpr?month=${month}`))).mpr;
const cell = (m: any, code: string) => {
  const c = m.cells.find((x: any) => x.code === code);
  return [c.month, c.cumulative];
};

describe('NRLM monthly progress report', () => {
  it('lakh: paise as ₹ lakh with two decimals', () => {
    expect([lakh(1_500_000), lakh(2_000_000), lakh(0), lakh(123_456_789)]).toEqual(['0.15', '0.20', '0.00', '12.35']);
  });

  it('the cells of a constructed block for March 2026: places, new SHGs, CIF to ST SHGs', async () => {
    const m = await mpr(b.blockId, '2026-03');
    expect(m).toMatchObject({ month: '2026-03', from: '2026-03-01', to: '2026-03-31' });
    expect(m.locations.map((l: any) => [l.level, l.nrlmCode, l.lgdCode])).toEqual([
      ['organisation', null, null],
      ['state', '12', '6'],
      ['district', '1208', '77'],
      ['block', '1208005', '6501'],
    ]);
    expect(cell(m, 'Two_1')).toEqual([null, 1]);
    expect(cell(m, 'Two_2')).toEqual([null, null]);
    expect(cell(m, 'Two_3')).toEqual([null, 2]);
    expect(cell(m, 'Three_1')).toEqual([0, 3]);
    expect(cell(m, 'Three_5')).toEqual([0, 3]);
    // Formed on 5 January: not yet more than 3 months old at the end of March.
    expect(cell(m, 'Five_1')).toEqual([null, 0]);
    // S3 is predominantly ST (2 of 4 members) and drew CIF of Rs 20,000 on 3 March.
    expect(cell(m, 'Six_6')).toEqual([1, 1]);
    expect(cell(m, 'Six_11')).toEqual(['0.20', '0.20']);
    expect(cell(m, 'Six_5')).toEqual([0, 0]);
    expect(m.cells.map((c: any) => c.code)).toEqual(expect.arrayContaining(['Five_14', 'Six_14', 'Seven_9', 'Four_6']));
  });

  it('April 2026: RF to the SC SHG (received in February), SHGs over 3 months old, bank credit by category', async () => {
    const m = await mpr(b.blockId, '2026-04');
    expect(cell(m, 'Five_1')).toEqual([null, 3]);
    expect(cell(m, 'Five_2')).toEqual([null, 0]);
    expect(cell(m, 'Five_5')).toEqual([0, 1]); // SC SHGs provided RF
    expect(cell(m, 'Five_10')).toEqual(['0.00', '0.15']);
    expect(cell(m, 'Five_8')).toEqual([0, 0]); // "Other" SHGs: only S2, which had no RF
    const fa = Object.fromEntries(m.financialAssistance.map((r: any) => [r.category, r]));
    expect(fa.sc).toMatchObject({ Col2: 1, Col4: 0, Col5: '0.00' });
    expect(fa.st).toMatchObject({ Col2: 1, Col4: 0 });
    expect(fa.other).toMatchObject({ Col2: 1, Col3: null, Col4: 1, Col5: '0.50' });
    expect(fa.pwd).toMatchObject({ Col2: 0 });
    // A village: only its own SHGs.
    const v2 = await mpr(b.villages[1], '2026-03');
    expect(cell(v2, 'Three_1')).toEqual([0, 1]);
    expect(cell(v2, 'Two_3')).toEqual([null, 1]);
    expect(v2.locations.at(-1)).toMatchObject({ level: 'village', nrlmCode: '1208005032002', lgdCode: '66002' });
  });

  it('CSV: one row per cell with the place and its codes; XLSX: location, progress and financial-assistance sheets', async () => {
    const csv = await h.app.inject({ method: 'GET', url: `/api/nodes/${b.blockId}/mpr?month=2026-04&format=csv`, headers: await auth() });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="mpr-b-mp-2026-04.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Report month,Level,Location,NRLM code,LGD code,Section,Code,Indicator,Unit,Progress during the month,Cumulative up to the month end,Note');
    expect(lines.find((l) => l.includes(',Five_10,'))).toBe('2026-04,block,Block MP,1208005,6501,5 Revolving Fund (RF),Five_10,Amount of RF to predominantly SC-SHGs (SC≥50%),Rs lakh,0.00,0.15,');
    expect(lines.find((l) => l.includes(',Col4_Other,'))).toContain(',number,,1,');
    expect(lines.find((l) => l.includes(',Two_2,'))).toContain('not recorded in Khata');

    const xlsx = await h.app.inject({ method: 'GET', url: `/api/nodes/${b.blockId}/mpr?month=2026-04&format=xlsx`, headers: await auth() });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Location', 'Progress', 'Financial assistance']);
    expect(wb.getWorksheet('Location')!.getRow(5).values).toEqual([undefined, 'block', 'Block MP', 'B-MP', '1208005', '6501', '2026-04']);
    const progress = wb.getWorksheet('Progress')!;
    let five10: unknown[] = [];
    progress.eachRow((row) => {
      if (row.getCell(2).value === 'Five_10') five10 = [row.getCell(5).value, row.getCell(6).value];
    });
    expect(five10).toEqual([0, 0.15]);
    const fa = wb.getWorksheet('Financial assistance')!;
    expect(fa.getRow(1).values).toEqual([undefined, 'SHGs', 'Total number of SHGs', 'No. of SHGs eligible for bank credit', 'No. of SHGs accessed bank credit', 'Amount of loan accessed (₹ lakh)', 'No. of SHGs eligible for interest subvention', 'No. of SHGs provided interest subvention', 'Amount of interest subvention given (₹ lakh)']);
  });

  it('refuses a bad month and answers 404 out of scope', async () => {
    const bad = await h.admin.get(`/api/nodes/${b.blockId}/mpr?month=2026-13`);
    expect(bad.status).toBe(400);
    expect((await b.other.get(`/api/nodes/${b.blockId}/mpr?month=2026-03&format=csv`)).status).toBe(404);
  });
});

let token: string | undefined;
async function auth() {
  if (!token) {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-pass-1', device: { id: 'mpr-test' } } });
    token = res.json().token as string;
  }
  return { authorization: `Bearer ${token}` };
}
