import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import {
  DEFAULT_GRAIN_KINDS,
  GRAIN_LOSS_REASONS,
  GRAIN_RECEIPT_SOURCES,
  grainBankApi,
  grainBankPaths,
  type GrainBankDetail,
  type GrainLoan,
} from '../../api/grain-bank.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { isPlace } from '../node-sections.ts';
import { Downloads, Field, Outcome, Qty, rupeesToPaise, today, toSmallest, useSubmit } from '../producer-groups/shared.tsx';

/**
 * The grain bank section. On a place: the grain banks of the SHGs and VOs under it, each a link. On an SHG or a VO
 * (its node page, #/node/<id>/grain-bank, linked from the SHG's page): its own grain bank — set it up, then the
 * stock per kind, forms for what happens (grain in, a loan in kind, grain back, a loss, a count, a sale), members'
 * loans and the stock register with CSV/XLSX downloads.
 */
export default function GrainBankSection({ detail }: NodeSectionProps) {
  const nodeId = String(detail.node.id);
  return isPlace(detail.node.kind) ? <PlaceGrainBanks nodeId={nodeId} /> : <InstitutionGrainBank nodeId={nodeId} />;
}

function PlaceGrainBanks({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => grainBankApi.list(nodeId, { signal }), [nodeId]);
  return (
    <Loaded state={state}>
      {(banks) =>
        banks.length === 0 ? (
          <Empty>{t('grain.noneHere')}</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('grain.institution')}</th>
                    <th scope="col">{t('grain.name')}</th>
                    <th scope="col">{t('grain.openedOn')}</th>
                    <th scope="col">{t('grain.valued')}</th>
                    <th scope="col" className="num">{t('grain.inStore')}</th>
                    <th scope="col" className="num">{t('grain.openLoans')}</th>
                  </tr>
                </thead>
                <tbody>
                  {banks.map((b) => (
                    <tr key={b.id}>
                      <th scope="row">
                        <a href={href({ name: 'node', nodeId: b.institutionId, section: 'grain-bank', params: {} })}>{b.institutionName}</a>
                      </th>
                      <td>{b.name}</td>
                      <td className="date">{fmt.date(b.openedOn)}</td>
                      <td>{b.valued ? t('grain.valuedYes') : t('grain.valuedNo')}</td>
                      <td className="num">
                        <Qty value={b.stockGrams} />
                      </td>
                      <td className="num">{fmt.number(b.openLoans)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Downloads path={grainBankPaths.list} query={{ nodeId }} />
          </>
        )
      }
    </Loaded>
  );
}

function InstitutionGrainBank({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const banks = useLoad((signal) => grainBankApi.list(nodeId, { signal }), [nodeId, version]);
  return (
    <Loaded state={banks}>
      {(list) => {
        const own = list.find((b) => b.institutionId === nodeId);
        if (!own)
          return (
            <>
              <Empty>{t('grain.noBankYet')}</Empty>
              <CreateGrainBank institutionId={nodeId} onDone={() => setVersion((v) => v + 1)} />
            </>
          );
        return <GrainBankView bankId={own.id} />;
      }}
    </Loaded>
  );
}

function CreateGrainBank({ institutionId, onDone }: { institutionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [form, setForm] = useState({ name: t('grain.defaultName'), openedOn: today(), kinds: ['rice', 'wheat'] as string[], other: '', valued: false, interest: '25' });
  const toggle = (k: string) => setForm({ ...form, kinds: form.kinds.includes(k) ? form.kinds.filter((x) => x !== k) : [...form.kinds, k] });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const extra = form.other.split(',').map((s) => s.trim().toLowerCase().replace(/\s+/g, '-')).filter(Boolean);
    void submit.run(async () => {
      await api.command('create-grain-bank', { id: crypto.randomUUID(), institutionId, name: form.name, openedOn: form.openedOn, kinds: [...form.kinds, ...extra], valued: form.valued, interestPercent: form.interest });
      onDone();
    });
  };
  return (
    <form onSubmit={send} noValidate aria-labelledby="gb-create">
      <h2 id="gb-create">{t('grain.setUp')}</h2>
      <Field id="gb-name" label={t('grain.name')}>
        <input id="gb-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </Field>
      <Field id="gb-opened" label={t('grain.openedOn')}>
        <input id="gb-opened" type="date" value={form.openedOn} onChange={(e) => setForm({ ...form, openedOn: e.target.value })} />
      </Field>
      <fieldset>
        <legend>{t('grain.kinds')}</legend>
        {DEFAULT_GRAIN_KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={form.kinds.includes(k)} onChange={() => toggle(k)} /> {valueLabel(t, 'grain', k)}
          </label>
        ))}
        <Field id="gb-other" label={t('grain.otherKinds')}>
          <input id="gb-other" value={form.other} onChange={(e) => setForm({ ...form, other: e.target.value })} />
        </Field>
      </fieldset>
      <Field id="gb-interest" label={t('grain.interestPercent')}>
        <input id="gb-interest" inputMode="decimal" value={form.interest} onChange={(e) => setForm({ ...form, interest: e.target.value })} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={form.valued} onChange={(e) => setForm({ ...form, valued: e.target.checked })} /> {t('grain.valuedChoice')}
      </label>
      <p className="muted">{t('grain.valuedHelp')}</p>
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('grain.setUp')}
      </button>
      <Outcome error={submit.error} done={submit.done} />
    </form>
  );
}

type Action = 'receive' | 'lend' | 'repay' | 'loss' | 'count' | 'sell';
const ACTIONS: Action[] = ['receive', 'lend', 'repay', 'loss', 'count', 'sell'];

function GrainBankView({ bankId }: { bankId: string }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [action, setAction] = useState<Action | null>(null);
  const detail = useLoad((signal) => grainBankApi.detail(bankId, { signal }), [bankId, version]);
  const loans = useLoad((signal) => grainBankApi.loans(bankId, {}, { signal }), [bankId, version]);
  const refresh = () => setVersion((v) => v + 1);
  return (
    <Loaded state={detail}>
      {(d) => (
        <div className="grain-bank">
          <h2>{d.grainBank.name}</h2>
          <p className="muted">
            {d.grainBank.valued ? t('grain.valuedYes') : t('grain.valuedNo')} · {t('grain.interestIs', { percent: d.grainBank.interestPercent })}
          </p>
          <StockTable detail={d} />
          <div className="choice no-print" role="group" aria-label={t('grain.whatHappened')}>
            {ACTIONS.map((a) => (
              <button key={a} type="button" aria-pressed={action === a} className={action === a ? 'primary' : undefined} onClick={() => setAction(action === a ? null : a)}>
                {t(`grain.action.${a}`)}
              </button>
            ))}
          </div>
          {action && <GrainForm key={action} action={action} detail={d} loans={loans.status === 'ok' ? loans.data.loans : []} onDone={refresh} />}
          <h3>{t('grain.loansTitle')}</h3>
          <Loaded state={loans}>{(l) => <LoansTable loans={l.loans} />}</Loaded>
          <Downloads path={grainBankPaths.loans(bankId)} />
          <Register bankId={bankId} valued={d.grainBank.valued} version={version} />
        </div>
      )}
    </Loaded>
  );
}

function StockTable({ detail }: { detail: GrainBankDetail }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption>{t('grain.stockTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('grain.kind')}</th>
            <th scope="col" className="num">{t('grain.inStore')}</th>
            {detail.grainBank.valued && <th scope="col" className="num">{t('grain.value')}</th>}
          </tr>
        </thead>
        <tbody>
          {detail.stock.map((r) => (
            <tr key={r.grain}>
              <th scope="row">{valueLabel(t, 'grain', r.grain)}</th>
              <td className="num">
                <Qty value={r.closingGrams} />
              </td>
              {detail.grainBank.valued && (
                <td className="num">
                  <Money paise={r.closingValuePaise} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LoansTable({ loans }: { loans: GrainLoan[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (loans.length === 0) return <Empty>{t('grain.noLoans')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('grain.member')}</th>
            <th scope="col">{t('grain.kind')}</th>
            <th scope="col">{t('grain.issuedOn')}</th>
            <th scope="col">{t('grain.dueOn')}</th>
            <th scope="col" className="num">{t('grain.lent')}</th>
            <th scope="col" className="num">{t('grain.interest')}</th>
            <th scope="col" className="num">{t('grain.returned')}</th>
            <th scope="col" className="num">{t('grain.owed')}</th>
          </tr>
        </thead>
        <tbody>
          {loans.map((l) => (
            <tr key={l.loanId} className={l.overdue ? 'row-overdue' : undefined}>
              <th scope="row">
                {l.memberName} <span className="muted">({l.shgName})</span>
              </th>
              <td>{valueLabel(t, 'grain', l.grain)}</td>
              <td className="date">{fmt.date(l.issuedOn)}</td>
              <td className="date">
                {fmt.date(l.dueOn)} {l.overdue && <span className="badge">{t('grain.overdue')}</span>}
              </td>
              <td className="num">
                <Qty value={l.principalGrams} />
              </td>
              <td className="num">
                <Qty value={l.interestGrams} />
              </td>
              <td className="num">
                <Qty value={l.repaidGrams} />
              </td>
              <td className="num">
                <strong>
                  <Qty value={l.outstandingGrams} />
                </strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Register({ bankId, valued, version }: { bankId: string; valued: boolean; version: number }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const q = { from: period.from || undefined, to: period.to || undefined };
  const state = useLoad((signal) => grainBankApi.register(bankId, q, { signal }), [bankId, period.from, period.to, version]);
  return (
    <section aria-labelledby="gb-register">
      <h3 id="gb-register">{t('grain.registerTitle')}</h3>
      <div className="inline-fields no-print">
        <Field id="gb-from" label={t('grain.from')}>
          <input id="gb-from" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </Field>
        <Field id="gb-to" label={t('grain.to')}>
          <input id="gb-to" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </Field>
      </div>
      <Loaded state={state}>
        {(r) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('grain.kind')}</th>
                  <th scope="col" className="num">{t('grain.opening')}</th>
                  <th scope="col" className="num">{t('grain.in')}</th>
                  <th scope="col" className="num">{t('grain.out')}</th>
                  <th scope="col" className="num">{t('grain.closing')}</th>
                  {valued && <th scope="col" className="num">{t('grain.closingValue')}</th>}
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.grain}>
                    <th scope="row">{valueLabel(t, 'grain', row.grain)}</th>
                    <td className="num"><Qty value={row.openingGrams} /></td>
                    <td className="num"><Qty value={row.inGrams} /></td>
                    <td className="num"><Qty value={row.outGrams} /></td>
                    <td className="num"><Qty value={row.closingGrams} /></td>
                    {valued && (
                      <td className="num">
                        <Money paise={row.closingValuePaise} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <Downloads path={grainBankPaths.register(bankId)} query={q} />
      <Downloads path={grainBankPaths.movements(bankId)} />
    </section>
  );
}

/** One form for each thing that happens at the grain bank; the server checks everything and names the field. */
function GrainForm({ action, detail, loans, onDone }: { action: Action; detail: GrainBankDetail; loans: GrainLoan[]; onDone: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const bank = detail.grainBank;
  const [f, setF] = useState({
    date: today(),
    grain: bank.kinds[0] ?? '',
    kg: '',
    memberId: detail.members[0]?.id ?? '',
    source: 'contribution' as (typeof GRAIN_RECEIPT_SOURCES)[number],
    price: '',
    via: 'cash',
    reason: 'spoilage' as (typeof GRAIN_LOSS_REASONS)[number],
    loanId: loans[0]?.loanId ?? '',
    dueOn: '',
    interest: '',
    counted: Object.fromEntries(detail.stock.map((s) => [s.grain, ''])) as Record<string, string>,
  });
  const grams = toSmallest(f.kg, 'g');
  const price = () => (f.price.trim() === '' ? null : rupeesToPaise(f.price));
  const send = (e: FormEvent) => {
    e.preventDefault();
    const id = crypto.randomUUID();
    void submit.run(async () => {
      if (action === 'receive')
        await api.command('receive-grain', { movementId: id, grainBankId: bank.id, date: f.date, grain: f.grain, quantityGrams: grams, source: f.source, memberId: f.source === 'contribution' ? f.memberId : null, pricePerKgPaise: price(), paidFrom: f.via });
      if (action === 'lend')
        await api.command('lend-grain', { loanId: id, grainBankId: bank.id, date: f.date, memberId: f.memberId, grain: f.grain, quantityGrams: grams, interestPercent: f.interest.trim() || null, dueOn: f.dueOn || null });
      if (action === 'repay') await api.command('repay-grain', { movementId: id, loanId: f.loanId, date: f.date, quantityGrams: grams });
      if (action === 'loss') await api.command('record-grain-loss', { movementId: id, grainBankId: bank.id, date: f.date, grain: f.grain, quantityGrams: grams, reason: f.reason });
      if (action === 'sell') await api.command('sell-grain', { movementId: id, grainBankId: bank.id, date: f.date, grain: f.grain, quantityGrams: grams, pricePerKgPaise: price(), receivedInto: f.via });
      if (action === 'count')
        await api.command('count-grain', {
          countId: id,
          grainBankId: bank.id,
          date: f.date,
          lines: Object.entries(f.counted)
            .filter(([, v]) => v.trim() !== '')
            .map(([grain, v]) => ({ grain, countedGrams: toSmallest(v, 'g') })),
        });
      onDone();
      return t('grain.saved');
    });
  };
  const grainPicker = (
    <Field id="gf-grain" label={t('grain.kind')}>
      <select id="gf-grain" value={f.grain} onChange={(e) => setF({ ...f, grain: e.target.value })}>
        {bank.kinds.map((k) => (
          <option key={k} value={k}>
            {valueLabel(t, 'grain', k)}
          </option>
        ))}
      </select>
    </Field>
  );
  const memberPicker = (
    <Field id="gf-member" label={t('grain.member')}>
      <select id="gf-member" value={f.memberId} onChange={(e) => setF({ ...f, memberId: e.target.value })}>
        {detail.members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.shgName} #{m.membershipNumber})
          </option>
        ))}
      </select>
    </Field>
  );
  const kgInput = (
    <Field id="gf-kg" label={t('grain.quantityKg')}>
      <input id="gf-kg" inputMode="decimal" value={f.kg} onChange={(e) => setF({ ...f, kg: e.target.value })} />
    </Field>
  );
  const priceInput = (
    <Field id="gf-price" label={t('grain.pricePerKg')}>
      <input id="gf-price" inputMode="decimal" value={f.price} onChange={(e) => setF({ ...f, price: e.target.value })} />
    </Field>
  );
  const viaPicker = (
    <Field id="gf-via" label={action === 'sell' ? t('grain.receivedInto') : t('grain.paidFrom')}>
      <select id="gf-via" value={f.via} onChange={(e) => setF({ ...f, via: e.target.value })}>
        <option value="cash">{t('grain.cash')}</option>
        <option value="bank">{t('grain.bank')}</option>
      </select>
    </Field>
  );
  return (
    <form onSubmit={send} noValidate aria-labelledby="gf-title" className="grain-form">
      <h3 id="gf-title">{t(`grain.action.${action}`)}</h3>
      <Field id="gf-date" label={t('grain.date')}>
        <input id="gf-date" type="date" value={f.date} onChange={(e) => setF({ ...f, date: e.target.value })} />
      </Field>
      {action === 'receive' && (
        <>
          {grainPicker}
          {kgInput}
          <Field id="gf-source" label={t('grain.source')}>
            <select id="gf-source" value={f.source} onChange={(e) => setF({ ...f, source: e.target.value as typeof f.source })}>
              {GRAIN_RECEIPT_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {valueLabel(t, 'grainSource', s)}
                </option>
              ))}
            </select>
          </Field>
          {f.source === 'contribution' && memberPicker}
          {priceInput}
          {f.source === 'purchase' && viaPicker}
        </>
      )}
      {action === 'lend' && (
        <>
          {memberPicker}
          {grainPicker}
          {kgInput}
          <Field id="gf-interest" label={t('grain.interestPercentLoan', { percent: bank.interestPercent })}>
            <input id="gf-interest" inputMode="decimal" value={f.interest} onChange={(e) => setF({ ...f, interest: e.target.value })} />
          </Field>
          <Field id="gf-due" label={t('grain.dueOn')}>
            <input id="gf-due" type="date" value={f.dueOn} onChange={(e) => setF({ ...f, dueOn: e.target.value })} />
          </Field>
        </>
      )}
      {action === 'repay' && (
        <>
          <Field id="gf-loan" label={t('grain.loan')}>
            <select id="gf-loan" value={f.loanId} onChange={(e) => setF({ ...f, loanId: e.target.value })}>
              {loans.map((l) => (
                <option key={l.loanId} value={l.loanId}>
                  {l.memberName} · {valueLabel(t, 'grain', l.grain)} · {t('grain.owedKg', { n: l.outstandingGrams / 1000 })}
                </option>
              ))}
            </select>
          </Field>
          {kgInput}
        </>
      )}
      {action === 'loss' && (
        <>
          {grainPicker}
          {kgInput}
          <Field id="gf-reason" label={t('grain.reason')}>
            <select id="gf-reason" value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value as typeof f.reason })}>
              {GRAIN_LOSS_REASONS.map((r) => (
                <option key={r} value={r}>
                  {valueLabel(t, 'grainLoss', r)}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
      {action === 'sell' && (
        <>
          {grainPicker}
          {kgInput}
          {priceInput}
          {viaPicker}
        </>
      )}
      {action === 'count' &&
        detail.stock.map((s) => (
          <Field key={s.grain} id={`gf-count-${s.grain}`} label={t('grain.countedKg', { kind: valueLabel(t, 'grain', s.grain) })}>
            <input id={`gf-count-${s.grain}`} inputMode="decimal" value={f.counted[s.grain] ?? ''} onChange={(e) => setF({ ...f, counted: { ...f.counted, [s.grain]: e.target.value } })} />
          </Field>
        ))}
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('grain.save')}
      </button>
      <Outcome error={submit.error} done={submit.done} />
    </form>
  );
}
