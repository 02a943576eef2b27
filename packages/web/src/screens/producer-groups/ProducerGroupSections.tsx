import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import {
  PG_EXPENSE_KINDS,
  pgPaths,
  producerGroupApi,
  type PgMarginRow,
  type PgMovement,
  type ProducerGroupDetail,
  type StockUnit,
} from '../../api/producer-groups.ts';
import { Empty, Loaded, Money, useFmt, useLoad } from '../../components/common.tsx';
import { ReportSummary, ReportTable } from '../../components/ReportTable.tsx';
import { sectionTitle, valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { Downloads, Field, Outcome, Qty, rupeesToPaise, today, toSmallest, useSubmit } from './shared.tsx';

/**
 * A producer group's own page: members, procurement of inputs, aggregation of produce, sales, payments (and
 * expenses), stock, reports. Each section loads the group (members, dues, cash and bank) and what it lists; forms
 * send one command each and show the server's problems field by field.
 */

function useGroup(nodeId: string, version: number) {
  return useLoad((signal) => producerGroupApi.detail(nodeId, { signal }), [nodeId, version]);
}

function Money2({ paise }: { paise: number | null | undefined }) {
  return <Money paise={paise} />;
}

/** The group's header line: commodity, cash and bank (what a payment can come from). */
function Facts({ d }: { d: ProducerGroupDetail }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <div>
        <dt>{t('pg.commodity')}</dt>
        <dd>{valueLabel(t, 'commodity', d.group.commodity)}</dd>
      </div>
      <div>
        <dt>{t('pg.cash')}</dt>
        <dd>
          <Money2 paise={d.cashPaise} />
        </dd>
      </div>
      <div>
        <dt>{t('pg.bank')}</dt>
        <dd>
          <Money2 paise={d.bankPaise} />
        </dd>
      </div>
    </dl>
  );
}

function MemberSelect({ id, d, value, onChange }: { id: string; d: ProducerGroupDetail; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('pg.member')}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {d.members
          .filter((m) => m.until === null)
          .map((m) => (
            <option key={m.memberId} value={m.memberId}>
              {m.name} ({m.shgName})
            </option>
          ))}
      </select>
    </Field>
  );
}

function ViaSelect({ id, label, value, onChange, credit }: { id: string; label: string; value: string; onChange: (v: string) => void; credit?: string }) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="cash">{t('pg.viaCash')}</option>
        <option value="bank">{t('pg.viaBank')}</option>
        {credit && <option value="credit">{credit}</option>}
      </select>
    </Field>
  );
}

function FormBox({ title, busy, error, done, onSubmit, children }: { title: string; busy: boolean; error: unknown; done: string | null; onSubmit: (e: FormEvent) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const id = `f-${title.replace(/\W+/g, '-')}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={id} className="no-print pg-form">
      <h3 id={id}>{title}</h3>
      {children}
      <button type="submit" className="primary" disabled={busy}>
        {t('pg.save')}
      </button>
      <Outcome error={error} done={done} />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Members

export function PgMembers({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const group = useGroup(nodeId, version);
  const candidates = useLoad((signal) => producerGroupApi.candidates(nodeId, { signal }), [nodeId, version]);
  const admit = useSubmit();
  const join = useSubmit();
  const [f, setF] = useState({ memberId: '', since: today(), share: '', via: 'cash' });
  const [c, setC] = useState({ name: '', reg: '', since: today(), share: '', via: 'bank' });
  return (
    <Loaded state={group}>
      {(d) => (
        <div>
          <Facts d={d} />
          {d.members.length === 0 ? (
            <Empty>{t('pg.noMembers')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('pg.member')}</th>
                    <th scope="col">{t('pg.shg')}</th>
                    <th scope="col">{t('pg.since')}</th>
                    <th scope="col" className="num">{t('pg.shareCapital')}</th>
                    <th scope="col" className="num">{t('pg.owedToHer')}</th>
                    <th scope="col" className="num">{t('pg.sheOwes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.members.map((m) => (
                    <tr key={m.membershipId}>
                      <th scope="row">{m.name}</th>
                      <td>{m.shgName}</td>
                      <td className="date">{fmt.date(m.since)}</td>
                      <td className="num"><Money2 paise={m.shareCapitalPaise} /></td>
                      <td className="num"><Money2 paise={m.payablePaise} /></td>
                      <td className="num"><Money2 paise={m.advancePaise} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Downloads path={pgPaths.members(nodeId)} />
          <h3>{t('pg.companies')}</h3>
          {d.companies.length === 0 ? (
            <Empty>{t('pg.noCompany')}</Empty>
          ) : (
            <ul>
              {d.companies.map((co) => (
                <li key={co.id}>
                  {co.companyName} {co.registrationNumber && <span className="code">{co.registrationNumber}</span>} · {fmt.date(co.since)} · <Money2 paise={co.shareCapitalPaise} />
                </li>
              ))}
            </ul>
          )}
          <FormBox
            title={t('pg.admit')}
            {...admit}
            onSubmit={(e) => {
              e.preventDefault();
              void admit.run(async () => {
                await api.command('admit-producer-group-member', { membershipId: crypto.randomUUID(), groupId: nodeId, memberId: f.memberId, since: f.since, shareCapitalPaise: f.share.trim() ? rupeesToPaise(f.share) : 0, receivedInto: f.via });
                setVersion((v) => v + 1);
                return t('pg.saved');
              });
            }}
          >
            <Field id="pgm-member" label={t('pg.shgMember')}>
              <select id="pgm-member" value={f.memberId} onChange={(e) => setF({ ...f, memberId: e.target.value })}>
                <option value="">—</option>
                {(candidates.status === 'ok' ? candidates.data : []).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.shgName} #{m.membershipNumber})
                  </option>
                ))}
              </select>
            </Field>
            <Field id="pgm-since" label={t('pg.since')}>
              <input id="pgm-since" type="date" value={f.since} onChange={(e) => setF({ ...f, since: e.target.value })} />
            </Field>
            <Field id="pgm-share" label={t('pg.shareCapitalRs')}>
              <input id="pgm-share" inputMode="decimal" value={f.share} onChange={(e) => setF({ ...f, share: e.target.value })} />
            </Field>
            <ViaSelect id="pgm-via" label={t('pg.receivedInto')} value={f.via} onChange={(via) => setF({ ...f, via })} />
          </FormBox>
          <FormBox
            title={t('pg.joinCompany')}
            {...join}
            onSubmit={(e) => {
              e.preventDefault();
              void join.run(async () => {
                await api.command('join-producer-company', { membershipId: crypto.randomUUID(), groupId: nodeId, companyName: c.name, registrationNumber: c.reg.trim() || null, since: c.since, shareCapitalPaise: c.share.trim() ? rupeesToPaise(c.share) : 0, paidFrom: c.via });
                setVersion((v) => v + 1);
                return t('pg.saved');
              });
            }}
          >
            <Field id="pgc-name" label={t('pg.companyName')}>
              <input id="pgc-name" value={c.name} onChange={(e) => setC({ ...c, name: e.target.value })} />
            </Field>
            <Field id="pgc-reg" label={t('pg.registrationNumber')}>
              <input id="pgc-reg" value={c.reg} onChange={(e) => setC({ ...c, reg: e.target.value })} />
            </Field>
            <Field id="pgc-since" label={t('pg.since')}>
              <input id="pgc-since" type="date" value={c.since} onChange={(e) => setC({ ...c, since: e.target.value })} />
            </Field>
            <Field id="pgc-share" label={t('pg.shareCapitalRs')}>
              <input id="pgc-share" inputMode="decimal" value={c.share} onChange={(e) => setC({ ...c, share: e.target.value })} />
            </Field>
            <ViaSelect id="pgc-via" label={t('pg.paidFrom')} value={c.via} onChange={(via) => setC({ ...c, via })} />
          </FormBox>
        </div>
      )}
    </Loaded>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Movements lists (procurement and issue, aggregation, sales)

function MovementTable({ rows, withMember, withCounterparty, withGrade }: { rows: PgMovement[]; withMember?: boolean; withCounterparty?: boolean; withGrade?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (rows.length === 0) return <Empty>{t('pg.nothingYet')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('pg.date')}</th>
            <th scope="col">{t('pg.what')}</th>
            <th scope="col">{t('pg.item')}</th>
            {withMember && <th scope="col">{t('pg.member')}</th>}
            {withCounterparty && <th scope="col">{t('pg.counterparty')}</th>}
            {withGrade && <th scope="col">{t('pg.grade')}</th>}
            <th scope="col" className="num">{t('pg.quantity')}</th>
            <th scope="col" className="num">{t('pg.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <td className="date">{fmt.date(m.date)}</td>
              <td>{valueLabel(t, 'pgMovement', m.kind)}</td>
              <td>{m.itemKind === 'produce' ? valueLabel(t, 'commodity', m.item) : m.item}</td>
              {withMember && <td>{m.memberName ?? '—'}</td>}
              {withCounterparty && <td>{m.counterparty ?? '—'}</td>}
              {withGrade && <td>{m.grade ?? '—'}</td>}
              <td className="num">
                <Qty value={m.quantity} unit={m.unit} />
              </td>
              <td className="num"><Money2 paise={m.amountPaise} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PgProcurement({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const group = useGroup(nodeId, version);
  const bought = useLoad((signal) => producerGroupApi.movements(nodeId, 'procurement', { signal }), [nodeId, version]);
  const issued = useLoad((signal) => producerGroupApi.movements(nodeId, 'issue', { signal }), [nodeId, version]);
  const buy = useSubmit();
  const give = useSubmit();
  const [b, setB] = useState({ date: today(), item: '', unit: 'g' as StockUnit, qty: '', amount: '', via: 'cash', supplier: '' });
  const [g, setG] = useState({ date: today(), memberId: '', item: '', qty: '', price: '', terms: 'credit' });
  const inputs = bought.status === 'ok' ? [...new Map(bought.data.map((m) => [m.item, m.unit])).entries()] : [];
  const issueUnit = inputs.find(([i]) => i === g.item)?.[1] ?? 'g';
  return (
    <Loaded state={group}>
      {(d) => (
        <div>
          <Facts d={d} />
          <h3>{t('pg.inputsBought')}</h3>
          <Loaded state={bought}>{(rows) => <MovementTable rows={rows} withCounterparty />}</Loaded>
          <Downloads path={pgPaths.movements(nodeId)} query={{ kind: 'procurement' }} />
          <h3>{t('pg.inputsIssued')}</h3>
          <Loaded state={issued}>{(rows) => <MovementTable rows={rows} withMember />}</Loaded>
          <Downloads path={pgPaths.movements(nodeId)} query={{ kind: 'issue' }} />
          <FormBox
            title={t('pg.buyInputs')}
            {...buy}
            onSubmit={(e) => {
              e.preventDefault();
              void buy.run(async () => {
                await api.command('procure-inputs', { purchaseId: crypto.randomUUID(), groupId: nodeId, date: b.date, item: b.item.trim().toLowerCase().replace(/\s+/g, '-'), unit: b.unit, quantity: toSmallest(b.qty, b.unit), amountPaise: rupeesToPaise(b.amount), paidFrom: b.via, supplier: b.supplier.trim() || null });
                setVersion((v) => v + 1);
                return t('pg.saved');
              });
            }}
          >
            <Field id="pgb-date" label={t('pg.date')}>
              <input id="pgb-date" type="date" value={b.date} onChange={(e) => setB({ ...b, date: e.target.value })} />
            </Field>
            <Field id="pgb-item" label={t('pg.inputName')}>
              <input id="pgb-item" list="pg-inputs" value={b.item} onChange={(e) => setB({ ...b, item: e.target.value })} />
            </Field>
            <datalist id="pg-inputs">
              {inputs.map(([i]) => (
                <option key={i} value={i} />
              ))}
            </datalist>
            <Field id="pgb-unit" label={t('pg.unit')}>
              <select id="pgb-unit" value={b.unit} onChange={(e) => setB({ ...b, unit: e.target.value as StockUnit })}>
                <option value="g">{t('pg.unitName.g')}</option>
                <option value="ml">{t('pg.unitName.ml')}</option>
                <option value="unit">{t('pg.unitName.unit')}</option>
              </select>
            </Field>
            <Field id="pgb-qty" label={t(`pg.quantityIn.${b.unit}`)}>
              <input id="pgb-qty" inputMode="decimal" value={b.qty} onChange={(e) => setB({ ...b, qty: e.target.value })} />
            </Field>
            <Field id="pgb-amount" label={t('pg.totalCostRs')}>
              <input id="pgb-amount" inputMode="decimal" value={b.amount} onChange={(e) => setB({ ...b, amount: e.target.value })} />
            </Field>
            <ViaSelect id="pgb-via" label={t('pg.paidFrom')} value={b.via} onChange={(via) => setB({ ...b, via })} credit={t('pg.onCreditSupplier')} />
            <Field id="pgb-supplier" label={t('pg.supplier')}>
              <input id="pgb-supplier" value={b.supplier} onChange={(e) => setB({ ...b, supplier: e.target.value })} />
            </Field>
          </FormBox>
          <FormBox
            title={t('pg.issueInputs')}
            {...give}
            onSubmit={(e) => {
              e.preventDefault();
              void give.run(async () => {
                await api.command('issue-inputs', { issueId: crypto.randomUUID(), groupId: nodeId, date: g.date, memberId: g.memberId || d.members[0]?.memberId, item: g.item || inputs[0]?.[0], quantity: toSmallest(g.qty, issueUnit), pricePaise: rupeesToPaise(g.price), terms: g.terms });
                setVersion((v) => v + 1);
                return t('pg.saved');
              });
            }}
          >
            <Field id="pgi-date" label={t('pg.date')}>
              <input id="pgi-date" type="date" value={g.date} onChange={(e) => setG({ ...g, date: e.target.value })} />
            </Field>
            <MemberSelect id="pgi-member" d={d} value={g.memberId} onChange={(memberId) => setG({ ...g, memberId })} />
            <Field id="pgi-item" label={t('pg.inputName')}>
              <select id="pgi-item" value={g.item} onChange={(e) => setG({ ...g, item: e.target.value })}>
                {inputs.map(([i]) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="pgi-qty" label={t(`pg.quantityIn.${issueUnit}`)}>
              <input id="pgi-qty" inputMode="decimal" value={g.qty} onChange={(e) => setG({ ...g, qty: e.target.value })} />
            </Field>
            <Field id="pgi-price" label={t(`pg.priceIn.${issueUnit}`)}>
              <input id="pgi-price" inputMode="decimal" value={g.price} onChange={(e) => setG({ ...g, price: e.target.value })} />
            </Field>
            <Field id="pgi-terms" label={t('pg.terms')}>
              <select id="pgi-terms" value={g.terms} onChange={(e) => setG({ ...g, terms: e.target.value })}>
                <option value="credit">{t('pg.onCredit')}</option>
                <option value="cash">{t('pg.forCash')}</option>
              </select>
            </Field>
          </FormBox>
        </div>
      )}
    </Loaded>
  );
}

export function PgAggregation({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const group = useGroup(nodeId, version);
  const rows = useLoad((signal) => producerGroupApi.movements(nodeId, 'aggregation', { signal }), [nodeId, version]);
  const submit = useSubmit();
  const [date, setDate] = useState(today());
  const [lines, setLines] = useState<Record<string, { qty: string; grade: string; price: string }>>({});
  return (
    <Loaded state={group}>
      {(d) => {
        const unit = d.group.unit;
        const active = d.members.filter((m) => m.until === null);
        const line = (id: string) => lines[id] ?? { qty: '', grade: '', price: '' };
        const set = (id: string, patch: Partial<{ qty: string; grade: string; price: string }>) => setLines({ ...lines, [id]: { ...line(id), ...patch } });
        return (
          <div>
            <Facts d={d} />
            <form
              className="no-print"
              noValidate
              aria-labelledby="pga-title"
              onSubmit={(e) => {
                e.preventDefault();
                const chosen = active.filter((m) => line(m.memberId).qty.trim() !== '');
                void submit.run(async () => {
                  await api.command('aggregate-produce', {
                    collectionId: crypto.randomUUID(),
                    groupId: nodeId,
                    date,
                    lines: chosen.map((m) => ({ memberId: m.memberId, quantity: toSmallest(line(m.memberId).qty, unit), grade: line(m.memberId).grade.trim() || null, pricePaise: rupeesToPaise(line(m.memberId).price) })),
                  });
                  setLines({});
                  setVersion((v) => v + 1);
                  return t('pg.saved');
                });
              }}
            >
              <h3 id="pga-title">{t('pg.collectionDay')}</h3>
              <Field id="pga-date" label={t('pg.date')}>
                <input id="pga-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </Field>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('pg.member')}</th>
                      <th scope="col">{t(`pg.quantityIn.${unit}`)}</th>
                      <th scope="col">{t('pg.grade')}</th>
                      <th scope="col">{t(`pg.priceIn.${unit}`)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {active.map((m, i) => (
                      <tr key={m.memberId}>
                        <th scope="row">{m.name}</th>
                        <td>
                          <input aria-label={`${m.name}: ${t(`pg.quantityIn.${unit}`)}`} inputMode="decimal" value={line(m.memberId).qty} onChange={(e) => set(m.memberId, { qty: e.target.value })} data-row={i} />
                        </td>
                        <td>
                          <input aria-label={`${m.name}: ${t('pg.grade')}`} value={line(m.memberId).grade} onChange={(e) => set(m.memberId, { grade: e.target.value })} size={4} />
                        </td>
                        <td>
                          <input aria-label={`${m.name}: ${t(`pg.priceIn.${unit}`)}`} inputMode="decimal" value={line(m.memberId).price} onChange={(e) => set(m.memberId, { price: e.target.value })} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button type="submit" className="primary" disabled={submit.busy}>
                {t('pg.save')}
              </button>
              <Outcome error={submit.error} done={submit.done} />
            </form>
            <h3>{t('pg.collections')}</h3>
            <Loaded state={rows}>{(r) => <MovementTable rows={r} withMember withGrade />}</Loaded>
            <Downloads path={pgPaths.movements(nodeId)} query={{ kind: 'aggregation' }} />
          </div>
        );
      }}
    </Loaded>
  );
}

export function PgSales({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const group = useGroup(nodeId, version);
  const rows = useLoad((signal) => producerGroupApi.movements(nodeId, 'sale', { signal }), [nodeId, version]);
  const submit = useSubmit();
  const [f, setF] = useState({ date: today(), qty: '', price: '', buyer: '', via: 'bank' });
  return (
    <Loaded state={group}>
      {(d) => (
        <div>
          <Facts d={d} />
          <Loaded state={rows}>{(r) => <MovementTable rows={r} withCounterparty />}</Loaded>
          <Downloads path={pgPaths.movements(nodeId)} query={{ kind: 'sale' }} />
          <FormBox
            title={t('pg.sell')}
            {...submit}
            onSubmit={(e) => {
              e.preventDefault();
              void submit.run(async () => {
                await api.command('sell-produce', { saleId: crypto.randomUUID(), groupId: nodeId, date: f.date, quantity: toSmallest(f.qty, d.group.unit), pricePaise: rupeesToPaise(f.price), buyer: f.buyer, receivedInto: f.via });
                setVersion((v) => v + 1);
                return t('pg.saved');
              });
            }}
          >
            <Field id="pgs-date" label={t('pg.date')}>
              <input id="pgs-date" type="date" value={f.date} onChange={(e) => setF({ ...f, date: e.target.value })} />
            </Field>
            <Field id="pgs-qty" label={t(`pg.quantityIn.${d.group.unit}`)}>
              <input id="pgs-qty" inputMode="decimal" value={f.qty} onChange={(e) => setF({ ...f, qty: e.target.value })} />
            </Field>
            <Field id="pgs-price" label={t(`pg.priceIn.${d.group.unit}`)}>
              <input id="pgs-price" inputMode="decimal" value={f.price} onChange={(e) => setF({ ...f, price: e.target.value })} />
            </Field>
            <Field id="pgs-buyer" label={t('pg.buyer')}>
              <input id="pgs-buyer" value={f.buyer} onChange={(e) => setF({ ...f, buyer: e.target.value })} />
            </Field>
            <ViaSelect id="pgs-via" label={t('pg.receivedInto')} value={f.via} onChange={(via) => setF({ ...f, via })} />
          </FormBox>
        </div>
      )}
    </Loaded>
  );
}

export function PgPayments({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const group = useGroup(nodeId, version);
  const payments = useLoad((signal) => producerGroupApi.payments(nodeId, { signal }), [nodeId, version]);
  const expenses = useLoad((signal) => producerGroupApi.expenses(nodeId, { signal }), [nodeId, version]);
  const pay = useSubmit();
  const spend = useSubmit();
  const [p, setP] = useState({ date: today(), memberId: '', amount: '', recover: '', via: 'cash' });
  const [x, setX] = useState({ date: today(), kind: 'transport', amount: '', via: 'cash', note: '' });
  return (
    <Loaded state={group}>
      {(d) => {
        const memberId = p.memberId || d.members[0]?.memberId || '';
        const who = d.members.find((m) => m.memberId === memberId);
        return (
          <div>
            <Facts d={d} />
            <FormBox
              title={t('pg.payMember')}
              {...pay}
              onSubmit={(e) => {
                e.preventDefault();
                void pay.run(async () => {
                  await api.command('pay-producer-member', { paymentId: crypto.randomUUID(), groupId: nodeId, date: p.date, memberId, amountPaise: p.amount.trim() ? rupeesToPaise(p.amount) : 0, recoverPaise: p.recover.trim() ? rupeesToPaise(p.recover) : 0, paidFrom: p.via });
                  setVersion((v) => v + 1);
                  return t('pg.saved');
                });
              }}
            >
              <Field id="pgp-date" label={t('pg.date')}>
                <input id="pgp-date" type="date" value={p.date} onChange={(e) => setP({ ...p, date: e.target.value })} />
              </Field>
              <MemberSelect id="pgp-member" d={d} value={memberId} onChange={(v) => setP({ ...p, memberId: v })} />
              {who && (
                <p className="muted">
                  {t('pg.owedToHer')}: <Money2 paise={who.payablePaise} /> · {t('pg.sheOwes')}: <Money2 paise={who.advancePaise} />
                </p>
              )}
              <Field id="pgp-amount" label={t('pg.amountRs')}>
                <input id="pgp-amount" inputMode="decimal" value={p.amount} onChange={(e) => setP({ ...p, amount: e.target.value })} />
              </Field>
              <Field id="pgp-recover" label={t('pg.recoverRs')}>
                <input id="pgp-recover" inputMode="decimal" value={p.recover} onChange={(e) => setP({ ...p, recover: e.target.value })} />
              </Field>
              <ViaSelect id="pgp-via" label={t('pg.paidFrom')} value={p.via} onChange={(via) => setP({ ...p, via })} />
            </FormBox>
            <h3>{t('pg.payments')}</h3>
            <Loaded state={payments}>
              {(rows) =>
                rows.length === 0 ? (
                  <Empty>{t('pg.nothingYet')}</Empty>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('pg.date')}</th>
                          <th scope="col">{t('pg.member')}</th>
                          <th scope="col" className="num">{t('pg.paid')}</th>
                          <th scope="col" className="num">{t('pg.recovered')}</th>
                          <th scope="col">{t('pg.paidFrom')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((r) => (
                          <tr key={r.id}>
                            <td className="date">{fmt.date(r.date)}</td>
                            <td>{r.memberName}</td>
                            <td className="num"><Money2 paise={r.amountPaise} /></td>
                            <td className="num"><Money2 paise={r.recoveredPaise} /></td>
                            <td>{r.paidFrom === 'bank' ? t('pg.viaBank') : t('pg.viaCash')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )
              }
            </Loaded>
            <Downloads path={pgPaths.payments(nodeId)} />
            <FormBox
              title={t('pg.expense')}
              {...spend}
              onSubmit={(e) => {
                e.preventDefault();
                void spend.run(async () => {
                  await api.command('record-producer-group-expense', { expenseId: crypto.randomUUID(), groupId: nodeId, date: x.date, kind: x.kind, amountPaise: rupeesToPaise(x.amount), paidFrom: x.via, note: x.note.trim() || null });
                  setVersion((v) => v + 1);
                  return t('pg.saved');
                });
              }}
            >
              <Field id="pgx-date" label={t('pg.date')}>
                <input id="pgx-date" type="date" value={x.date} onChange={(e) => setX({ ...x, date: e.target.value })} />
              </Field>
              <Field id="pgx-kind" label={t('pg.expenseKind')}>
                <select id="pgx-kind" value={x.kind} onChange={(e) => setX({ ...x, kind: e.target.value })}>
                  {PG_EXPENSE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {valueLabel(t, 'pgExpense', k)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="pgx-amount" label={t('pg.amountRs')}>
                <input id="pgx-amount" inputMode="decimal" value={x.amount} onChange={(e) => setX({ ...x, amount: e.target.value })} />
              </Field>
              <ViaSelect id="pgx-via" label={t('pg.paidFrom')} value={x.via} onChange={(via) => setX({ ...x, via })} />
              <Field id="pgx-note" label={t('pg.note')}>
                <input id="pgx-note" value={x.note} onChange={(e) => setX({ ...x, note: e.target.value })} />
              </Field>
            </FormBox>
            <h3>{t('pg.expenses')}</h3>
            <Loaded state={expenses}>
              {(rows) =>
                rows.length === 0 ? (
                  <Empty>{t('pg.nothingYet')}</Empty>
                ) : (
                  <ul>
                    {rows.map((r) => (
                      <li key={r.id}>
                        {fmt.date(r.date)} · {valueLabel(t, 'pgExpense', r.kind)} · <Money2 paise={r.amountPaise} /> {r.note && <span className="muted">({r.note})</span>}
                      </li>
                    ))}
                  </ul>
                )
              }
            </Loaded>
            <Downloads path={pgPaths.expenses(nodeId)} />
          </div>
        );
      }}
    </Loaded>
  );
}

export function PgStock({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [period, setPeriod] = useState({ from: '', to: '' });
  const q = { from: period.from || undefined, to: period.to || undefined };
  const state = useLoad((signal) => producerGroupApi.stock(nodeId, q, { signal }), [nodeId, period.from, period.to]);
  return (
    <div>
      <div className="inline-fields no-print">
        <Field id="pgk-from" label={t('pg.from')}>
          <input id="pgk-from" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </Field>
        <Field id="pgk-to" label={t('pg.to')}>
          <input id="pgk-to" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </Field>
      </div>
      <Loaded state={state}>
        {(rows) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('pg.item')}</th>
                  <th scope="col" className="num">{t('pg.opening')}</th>
                  <th scope="col" className="num">{t('pg.in')}</th>
                  <th scope="col" className="num">{t('pg.out')}</th>
                  <th scope="col" className="num">{t('pg.closing')}</th>
                  <th scope="col" className="num">{t('pg.closingValue')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.itemKind}:${r.item}`}>
                    <th scope="row">{r.itemKind === 'produce' ? valueLabel(t, 'commodity', r.item) : `${r.item} (${t('pg.input')})`}</th>
                    <td className="num"><Qty value={r.opening} unit={r.unit} /></td>
                    <td className="num"><Qty value={r.in} unit={r.unit} /></td>
                    <td className="num"><Qty value={r.out} unit={r.unit} /></td>
                    <td className="num"><strong><Qty value={r.closing} unit={r.unit} /></strong></td>
                    <td className="num"><Money2 paise={r.closingValuePaise} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <Downloads path={pgPaths.stock(nodeId)} query={q} />
    </div>
  );
}

/** Purchases, sales and margin per commodity (a group's own, or all groups under a place). */
export function MarginTable({ rows }: { rows: PgMarginRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty>{t('pg.nothingYet')}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('pg.commodity')}</th>
            <th scope="col" className="num">{t('pg.bought')}</th>
            <th scope="col" className="num">{t('pg.purchases')}</th>
            <th scope="col" className="num">{t('pg.sold')}</th>
            <th scope="col" className="num">{t('pg.sales')}</th>
            <th scope="col" className="num">{t('pg.costOfProduce')}</th>
            <th scope="col" className="num">{t('pg.inputMargin')}</th>
            <th scope="col" className="num">{t('pg.expenses')}</th>
            <th scope="col" className="num">{t('pg.margin')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.commodity}>
              <th scope="row">{valueLabel(t, 'commodity', r.commodity)}</th>
              <td className="num"><Qty value={r.purchasedQuantity} unit={r.unit} /></td>
              <td className="num"><Money2 paise={r.purchasesPaise} /></td>
              <td className="num"><Qty value={r.soldQuantity} unit={r.unit} /></td>
              <td className="num"><Money2 paise={r.salesPaise} /></td>
              <td className="num"><Money2 paise={r.costOfProducePaise} /></td>
              <td className="num"><Money2 paise={r.inputSalesPaise - r.costOfInputsPaise} /></td>
              <td className="num"><Money2 paise={r.expensesPaise} /></td>
              <td className="num"><strong><Money2 paise={r.marginPaise} /></strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const BOOKS = ['trial-balance', 'income-expenditure', 'balance-sheet'] as const;

export function PgReports({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [book, setBook] = useState<(typeof BOOKS)[number]>('trial-balance');
  const q = { from: period.from || undefined, to: period.to || undefined };
  const statement = useLoad((signal) => producerGroupApi.statement(nodeId, q, { signal }), [nodeId, period.from, period.to]);
  const margin = useLoad((signal) => producerGroupApi.margin(nodeId, q, { signal }), [nodeId, period.from, period.to]);
  const group = useGroup(nodeId, 0);
  const unit: StockUnit = group.status === 'ok' ? group.data.group.unit : 'g';
  const report = useLoad((signal) => api.report(nodeId, book, book === 'income-expenditure' ? q : { asOf: q.to }, { signal }), [nodeId, book, period.from, period.to]);
  return (
    <div>
      <div className="inline-fields no-print">
        <Field id="pgr-from" label={t('pg.from')}>
          <input id="pgr-from" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </Field>
        <Field id="pgr-to" label={t('pg.to')}>
          <input id="pgr-to" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </Field>
      </div>
      <h3>{t('pg.statement')}</h3>
      <Loaded state={statement}>
        {(s) => (
          <>
            <p className="muted">{t('pg.periodText', { from: fmt.date(s.from), to: fmt.date(s.to) })}</p>
            {s.rows.length === 0 ? (
              <Empty>{t('pg.noMembers')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('pg.member')}</th>
                      <th scope="col" className="num">{t('pg.supplied')}</th>
                      <th scope="col" className="num">{t('pg.suppliedValue')}</th>
                      <th scope="col" className="num">{t('pg.inputsTaken')}</th>
                      <th scope="col" className="num">{t('pg.paid')}</th>
                      <th scope="col" className="num">{t('pg.recovered')}</th>
                      <th scope="col" className="num">{t('pg.due')}</th>
                      <th scope="col" className="num">{t('pg.sheOwes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r) => (
                      <tr key={r.memberId}>
                        <th scope="row">
                          {r.memberName} <span className="muted">({r.shgName})</span>
                        </th>
                        <td className="num"><Qty value={r.suppliedQuantity} unit={unit} /></td>
                        <td className="num"><Money2 paise={r.suppliedPaise} /></td>
                        <td className="num"><Money2 paise={r.inputsPaise} /></td>
                        <td className="num"><Money2 paise={r.paidPaise} /></td>
                        <td className="num"><Money2 paise={r.recoveredPaise} /></td>
                        <td className="num"><strong><Money2 paise={r.duePaise} /></strong></td>
                        <td className="num"><Money2 paise={r.inputCreditDuePaise} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
      <Downloads path={pgPaths.statement(nodeId)} query={q} />
      <h3>{t('pg.marginTitle')}</h3>
      <Loaded state={margin}>{(m) => <MarginTable rows={m.rows} />}</Loaded>
      <Downloads path={pgPaths.margin(nodeId)} query={q} />
      <h3>{t('pg.books')}</h3>
      <div className="choice no-print" role="group" aria-label={t('pg.books')}>
        {BOOKS.map((r) => (
          <button key={r} type="button" aria-pressed={r === book} className={r === book ? 'primary' : undefined} onClick={() => setBook(r)}>
            {t(`report.${r}`)}
          </button>
        ))}
      </div>
      <Loaded state={report}>
        {(r) => (
          <div className="report">
            {r.sections && r.sections.length > 0
              ? r.sections.map((s, i) => (
                  <div key={i} className="report-section">
                    <h4>{sectionTitle(t, s.titleKey)}</h4>
                    <ReportTable data={s} />
                  </div>
                ))
              : <ReportTable data={r} />}
            <ReportSummary report={r} tableShown={!r.sections || r.sections.length === 0} />
          </div>
        )}
      </Loaded>
    </div>
  );
}
