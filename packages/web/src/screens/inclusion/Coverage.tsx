import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inclusionApi, inclusionPaths, type Coverage, type CoverageFigure } from '../../api/inclusion.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso } from '../../format.ts';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { categoriesText, categoryLabel, Downloads } from './shared.tsx';

/** Coverage of the poor at a place: figures against the goals, and the poor households still outside any SHG. */
export default function CoverageSection({ detail, params }: NodeSectionProps) {
  const { t } = useTranslation();
  const nodeId = String(detail.node.id);
  const [asOf, setAsOf] = useState(params.asOf ?? todayIso());
  const state = useLoad((signal) => inclusionApi.coverage(nodeId, asOf, { signal }), [nodeId, asOf]);
  return (
    <div className="coverage">
      <form className="inline-fields no-print" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="cov-asof">{t('coverage.asOf')}</label>
          <input id="cov-asof" type="date" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} />
        </div>
      </form>
      <Loaded state={state}>{(c) => <CoverageView coverage={c} />}</Loaded>
      <Downloads path={inclusionPaths.coverage(nodeId)} query={{ asOf }} label={t('coverage.downloadFigures')} />
      <h2>{t('coverage.outside')}</h2>
      <p className="muted">{t('coverage.outsideHelp')}</p>
      <Outside nodeId={nodeId} asOf={asOf} />
    </div>
  );
}

function Share({ figure }: { figure: CoverageFigure }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <>
      {t('coverage.ofTotal', { mobilised: fmt.number(figure.mobilised), total: fmt.number(figure.total) })}
      {figure.sharePercent !== null && <span className="muted"> ({fmt.percent(figure.sharePercent)})</span>}
    </>
  );
}

function CoverageView({ coverage: c }: { coverage: Coverage }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (c.households === 0) return <Empty>{t('households.none')}</Empty>;
  return (
    <>
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('coverage.poorMobilised')}</dt>
          <dd>
            <Share figure={c.poor} />
          </dd>
        </div>
        <div className="highlight">
          <dt>{t('coverage.poorestMobilised')}</dt>
          <dd>
            <Share figure={c.poorest} />
          </dd>
        </div>
        <div>
          <dt>{t('coverage.households')}</dt>
          <dd>{fmt.number(c.households)}</dd>
        </div>
        <div>
          <dt>{t('coverage.rules')}</dt>
          <dd>{c.ruleSet.version === 0 ? t('rules.builtIn') : t('rules.versionFrom', { version: fmt.number(c.ruleSet.version), date: fmt.date(c.ruleSet.effectiveFrom) })}</dd>
        </div>
      </dl>
      <h2>{t('coverage.goals')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coverage.goal')}</th>
              <th scope="col" className="num">{t('coverage.goalPercent')}</th>
              <th scope="col" className="num">{t('coverage.mobilisedInGoal')}</th>
              <th scope="col" className="num">{t('coverage.sharePercent')}</th>
              <th scope="col">{t('coverage.met')}</th>
            </tr>
          </thead>
          <tbody>
            {c.goals.map((g) => (
              <tr key={g.key} className={g.met === false ? 'attention' : undefined}>
                <th scope="row">{categoriesText(t, g.categories)}</th>
                <td className="num">{fmt.percent(g.goalPercent)}</td>
                <td className="num">{t('coverage.ofTotal', { mobilised: fmt.number(g.mobilised), total: fmt.number(g.mobilisedTotal) })}</td>
                <td className="num">{g.sharePercent === null ? '—' : fmt.percent(g.sharePercent)}</td>
                <td>{g.met === null ? '—' : g.met ? t('coverage.goalMet') : t('coverage.goalNotMet')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('coverage.byCategory')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('households.category')}</th>
              <th scope="col" className="num">{t('coverage.total')}</th>
              <th scope="col" className="num">{t('mobilisation.in-shg')}</th>
              <th scope="col" className="num">{t('mobilisation.left')}</th>
              <th scope="col" className="num">{t('mobilisation.not-yet')}</th>
              <th scope="col" className="num">{t('coverage.sharePercent')}</th>
            </tr>
          </thead>
          <tbody>
            {c.byCategory.map((b) => (
              <tr key={b.category}>
                <th scope="row">{categoryLabel(t, b.category)}</th>
                <td className="num">{fmt.number(b.total)}</td>
                <td className="num">{fmt.number(b.mobilised)}</td>
                <td className="num">{fmt.number(b.left)}</td>
                <td className="num">{fmt.number(b.notYet)}</td>
                <td className="num">{b.sharePercent === null ? '—' : fmt.percent(b.sharePercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Outside({ nodeId, asOf }: { nodeId: string; asOf: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => inclusionApi.outside(nodeId, asOf, { signal }), [nodeId, asOf]);
  return (
    <>
      <Downloads path={inclusionPaths.outside(nodeId)} query={{ asOf }} label={t('coverage.downloadOutside')} />
      <Loaded state={state}>
        {({ households }) =>
          households.length === 0 ? (
            <Empty>{t('coverage.noneOutside')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('households.count', { n: fmt.number(households.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('households.village')}</th>
                    <th scope="col">{t('households.registerNumber')}</th>
                    <th scope="col">{t('households.headName')}</th>
                    <th scope="col">{t('households.povertyStatus')}</th>
                    <th scope="col">{t('households.categories')}</th>
                    <th scope="col">{t('households.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {households.map((h) => (
                    <tr key={h.id}>
                      <td>{h.villageName}</td>
                      <td className="code">{h.registerNumber ?? '—'}</td>
                      <th scope="row">{h.headName ?? '—'}</th>
                      <td>{valueLabel(t, 'poverty', h.povertyStatus)}</td>
                      <td>{categoriesText(t, h.categories)}</td>
                      <td>{valueLabel(t, 'mobilisation', h.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
