import { useTranslation } from 'react-i18next';
import { federationApi, type FederationReconciliation, type ReconciliationCategory, type ReconciliationPair } from '../../api/federations.ts';
import { Loaded, Money, PrintButton, useFmt, useLoad } from '../../components/common.tsx';
import { PeriodPicker } from '../../components/PeriodPicker.tsx';
import { valueLabel } from '../../labels.ts';
import { navigate } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { institutionHref } from './links.ts';
import { ReceiveRepaymentForm, useMayWrite } from './FederationForms.tsx';
import { inTransitRepayments } from './federation-forms.ts';

/**
 * The federation's books against each institution it has money with (its members below, its lenders and givers
 * above), position by position, to the paisa; every difference with its cause. Read-only, as of a date.
 */
export default function Reconciliation({ detail, params }: NodeSectionProps) {
  const nodeId = String(detail.node.id);
  const state = useLoad((signal) => federationApi.reconciliation(nodeId, params.asOf, { signal }), [nodeId, params.asOf]);
  return (
    <div className="reconciliation">
      <div className="toolbar no-print">
        <PeriodPicker period="asOf" value={params} onChange={(p) => navigate({ name: 'node', nodeId, section: 'reconciliation', params: p })} />
        <PrintButton />
      </div>
      <Loaded state={state}>
        {(r) => (
          <>
            <ReconciliationView r={r} />
            <InTransitList r={r} onDone={state.reload} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function ReconciliationView({ r }: { r: FederationReconciliation }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const differing = r.pairs.filter((p) => !p.matched).length;
  return (
    <>
      <section className={`verdict ${r.matched ? 'verdict-ok' : 'verdict-short'}`} aria-labelledby="rec-verdict">
        <h2 id="rec-verdict">{t('reconciliation.asOf', { date: fmt.date(r.asOf) })}</h2>
        <p className="verdict-line">
          <strong>{r.matched ? t('reconciliation.allMatched') : t('reconciliation.someDiffer', { n: fmt.number(differing), total: fmt.number(r.pairs.length) })}</strong>
        </p>
        {r.inTransitPaise !== 0 && <p>{t('reconciliation.inTransit', { amount: fmt.money(r.inTransitPaise) })}</p>}
      </section>
      {r.levelBelow.length > 0 && (
        <>
          <h2>{t('reconciliation.levelBelow')}</h2>
          <CategoryTable rows={r.levelBelow} counterpartHeading={t('reconciliation.membersBooks')} />
        </>
      )}
      {r.pairs.length === 0 && <p className="empty">{t('reconciliation.noPairs')}</p>}
      {r.pairs.map((p) => (
        <PairView key={p.counterpart.id} pair={p} />
      ))}
    </>
  );
}

function CategoryTable({ rows, counterpartHeading }: { rows: ReconciliationCategory[]; counterpartHeading: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('reconciliation.position')}</th>
            <th scope="col" className="num">
              {t('reconciliation.federationBooks')}
            </th>
            <th scope="col" className="num">
              {counterpartHeading}
            </th>
            <th scope="col" className="num">
              {t('reconciliation.difference')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.category} className={c.differencePaise !== 0 ? 'attention' : undefined}>
              <th scope="row">{valueLabel(t, 'position', c.category)}</th>
              <td className="num">
                <Money paise={c.federationPaise} />
              </td>
              <td className="num">
                <Money paise={c.counterpartPaise} />
              </td>
              <td className="num">
                <Money paise={c.differencePaise} strong={c.differencePaise !== 0} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PairView({ pair }: { pair: ReconciliationPair }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <section className="pair" aria-label={pair.counterpart.name}>
      <h2>
        <a href={institutionHref(pair.counterpart.kind, pair.counterpart.id)}>{pair.counterpart.name}</a>{' '}
        <span className="badge">{valueLabel(t, 'kind', pair.counterpart.kind)}</span>{' '}
        <span className="badge">{t(pair.relation === 'below' ? 'reconciliation.below' : 'reconciliation.above')}</span>{' '}
        <span className={`badge ${pair.matched ? 'yes' : 'warn'}`} data-matched={pair.matched}>
          {pair.matched ? t('reconciliation.matched') : t('reconciliation.differs')}
        </span>
      </h2>
      {pair.categories.length > 0 && <CategoryTable rows={pair.categories} counterpartHeading={t('reconciliation.theirBooks', { name: pair.counterpart.name })} />}
      {pair.differences.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('reconciliation.differences')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('column.date')}</th>
                <th scope="col">{t('reconciliation.position')}</th>
                <th scope="col">{t('reconciliation.cause')}</th>
                <th scope="col" className="num">
                  {t('reconciliation.federationBooks')}
                </th>
                <th scope="col" className="num">
                  {t('reconciliation.counterpartBooks')}
                </th>
                <th scope="col" className="num">
                  {t('reconciliation.difference')}
                </th>
              </tr>
            </thead>
            <tbody>
              {pair.differences.map((d, i) => (
                <tr key={i}>
                  <td className="date">{fmt.date(d.date)}</td>
                  <td>{valueLabel(t, 'position', d.category)}</td>
                  <td>
                    {t(`cause.${d.cause}`, { defaultValue: d.message })}
                    <span className="muted"> · {valueLabel(t, 'eventKind', d.key.kind)}</span>
                  </td>
                  <td className="num">
                    <Money paise={d.federationPaise} />
                  </td>
                  <td className="num">
                    <Money paise={d.counterpartPaise} />
                  </td>
                  <td className="num">
                    <Money paise={d.differencePaise} strong />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Repayments SHGs made at their meetings that this federation has not yet recorded receiving, each with its button. */
function InTransitList({ r, onDone }: { r: FederationReconciliation; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const mayWrite = useMayWrite();
  const items = inTransitRepayments(r);
  if (items.length === 0) return null;
  return (
    <section className="in-transit" aria-labelledby="rec-in-transit">
      <h2 id="rec-in-transit">{t('fedForm.receive.title')}</h2>
      <p className="help">{t('fedForm.receive.help')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('federation.institution')}</th>
              <th scope="col">{t('fedForm.receive.meetingDate')}</th>
              <th scope="col" className="num">
                {t('column.amount')}
              </th>
              {mayWrite && <th scope="col" className="no-print">{t('fedForm.receive.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.meetingId} data-meeting={i.meetingId}>
                <th scope="row">
                  <a href={institutionHref('shg', i.shgId)}>{i.shgName}</a>
                </th>
                <td className="date">{fmt.date(i.meetingDate)}</td>
                <td className="num">
                  <Money paise={i.amountPaise} />
                </td>
                {mayWrite && (
                  <td className="no-print">
                    <ReceiveRepaymentForm federationId={r.federation.id} item={i} onDone={onDone} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
