import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { COMMODITIES, pgPaths, producerGroupApi, STOCK_UNITS } from '../../api/producer-groups.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { MarginTable } from './ProducerGroupSections.tsx';
import { Downloads, Field, Outcome, Qty, today, useSubmit } from './shared.tsx';

/**
 * The producer groups under a place: each a link to its own page, a form to form one here (a village, cluster or
 * block), and purchases, sales and margin per commodity over all of them for a period.
 */
export default function PlaceProducerGroups({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const [version, setVersion] = useState(0);
  const [period, setPeriod] = useState({ from: '', to: '' });
  const list = useLoad((signal) => producerGroupApi.list(nodeId, { signal }), [nodeId, version]);
  const q = { from: period.from || undefined, to: period.to || undefined };
  const report = useLoad((signal) => producerGroupApi.commodities(nodeId, q, { signal }), [nodeId, period.from, period.to, version]);
  const canForm = ['village', 'cluster', 'block'].includes(detail.node.kind);
  return (
    <div className="producer-groups">
      <Loaded state={list}>
        {(groups) =>
          groups.length === 0 ? (
            <Empty>{t('pg.noneHere')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('pg.name')}</th>
                      <th scope="col">{t('pg.commodity')}</th>
                      <th scope="col">{t('pg.place')}</th>
                      <th scope="col">{t('pg.formedOn')}</th>
                      <th scope="col" className="num">{t('pg.members')}</th>
                      <th scope="col" className="num">{t('pg.produceInStock')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={g.id}>
                        <th scope="row">
                          <a href={href({ name: 'node', nodeId: g.id, section: undefined, params: {} })}>{g.name}</a> <span className="code">{g.code}</span>
                        </th>
                        <td>{valueLabel(t, 'commodity', g.commodity)}</td>
                        <td>{g.parentName}</td>
                        <td className="date">{fmt.date(g.formedOn)}</td>
                        <td className="num">{fmt.number(g.memberCount)}</td>
                        <td className="num">
                          <Qty value={g.produceStock} unit={g.unit} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Downloads path={pgPaths.list} query={{ nodeId }} />
            </>
          )
        }
      </Loaded>
      <h2>{t('pg.commodityReport')}</h2>
      <div className="inline-fields no-print">
        <Field id="pgc-from" label={t('pg.from')}>
          <input id="pgc-from" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
        </Field>
        <Field id="pgc-to" label={t('pg.to')}>
          <input id="pgc-to" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
        </Field>
      </div>
      <Loaded state={report}>
        {(r) => (
          <>
            <p className="muted">{t('pg.periodText', { from: fmt.date(r.from), to: fmt.date(r.to) })}</p>
            <MarginTable rows={r.rows} />
          </>
        )}
      </Loaded>
      <Downloads path={pgPaths.commodities} query={{ nodeId, ...q }} />
      {canForm && <CreateProducerGroup parentId={nodeId} onDone={() => setVersion((v) => v + 1)} />}
    </div>
  );
}

function CreateProducerGroup({ parentId, onDone }: { parentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [f, setF] = useState({ name: '', code: '', commodity: 'makhana', other: '', unit: '', formedOn: today(), registeredAs: '' });
  const send = (e: FormEvent) => {
    e.preventDefault();
    const commodity = f.commodity === '_other' ? f.other.trim().toLowerCase().replace(/\s+/g, '-') : f.commodity;
    void submit.run(async () => {
      await api.command('create-producer-group', {
        id: crypto.randomUUID(),
        parentId,
        name: f.name,
        code: f.code,
        commodity,
        unit: f.unit || null,
        formedOn: f.formedOn,
        registeredAs: f.registeredAs.trim() || null,
      });
      onDone();
      return t('pg.saved');
    });
  };
  return (
    <form onSubmit={send} noValidate aria-labelledby="pg-create" className="no-print">
      <h2 id="pg-create">{t('pg.form')}</h2>
      <Field id="pg-name" label={t('pg.name')}>
        <input id="pg-name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
      </Field>
      <Field id="pg-code" label={t('pg.code')}>
        <input id="pg-code" value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} />
      </Field>
      <Field id="pg-commodity" label={t('pg.commodity')}>
        <select id="pg-commodity" value={f.commodity} onChange={(e) => setF({ ...f, commodity: e.target.value })}>
          {COMMODITIES.map((c) => (
            <option key={c} value={c}>
              {valueLabel(t, 'commodity', c)}
            </option>
          ))}
          <option value="_other">{t('pg.otherCommodity')}</option>
        </select>
      </Field>
      {f.commodity === '_other' && (
        <Field id="pg-other" label={t('pg.otherCommodityName')}>
          <input id="pg-other" value={f.other} onChange={(e) => setF({ ...f, other: e.target.value })} />
        </Field>
      )}
      <Field id="pg-unit" label={t('pg.unit')}>
        <select id="pg-unit" value={f.unit} onChange={(e) => setF({ ...f, unit: e.target.value })}>
          <option value="">{t('pg.unitUsual')}</option>
          {STOCK_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`pg.unitName.${u}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="pg-formed" label={t('pg.formedOn')}>
        <input id="pg-formed" type="date" value={f.formedOn} onChange={(e) => setF({ ...f, formedOn: e.target.value })} />
      </Field>
      <Field id="pg-registered" label={t('pg.registeredAs')}>
        <input id="pg-registered" value={f.registeredAs} onChange={(e) => setF({ ...f, registeredAs: e.target.value })} />
      </Field>
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('pg.form')}
      </button>
      <Outcome error={submit.error} done={submit.done} />
    </form>
  );
}
