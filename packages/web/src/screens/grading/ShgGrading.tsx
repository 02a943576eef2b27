import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { federationApi, GRADING_STAGES, type GradingRound, type GradingStage, type Indicator, type ShgGrading as Grading } from '../../api/federations.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { todayIso, type Formatter } from '../../format.ts';
import { valueLabel } from '../../labels.ts';

/** A timestamp as the viewer's calendar day. */
const localDay = (at: string) => todayIso(new Date(at));

/** What an indicator counted, in words, from its figures (money for amounts). */
export function measureText(t: TFunction, fmt: Formatter, i: Indicator): string {
  const show = (v: number) => (i.unit === 'paise' ? fmt.money(v) : fmt.number(v));
  if (i.denominator === 0) return t(i.pointsHundredths >= i.weight * 100 ? 'measure.nothingFull' : 'measure.nothingZero');
  return t(`measure.${i.key}`, { n: show(i.numerator), m: show(i.denominator) });
}

/**
 * The SHG's grading: the latest round (or the one chosen) explained indicator by indicator and norm by norm, the
 * history of rounds with their stage and sign-off, and the two actions: grade now (grade-shg: computed by the
 * server from the records, never typed in) and sign off (sign-off-grading: by someone other than the grader).
 */
export function ShgGrading({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const history = useLoad((signal) => federationApi.gradings(shgId, { signal }), [shgId]);
  const preview = useLoad((signal) => federationApi.grading(shgId, {}, { signal }), [shgId]);
  const [chosen, setChosen] = useState<string | undefined>();
  const shownOf = (rounds: GradingRound[]) => rounds.find((r) => r.id === chosen) ?? rounds[0];
  return (
    <div className="grading">
      <Loaded state={history}>
        {(rounds) => {
          const shown = shownOf(rounds);
          return shown ? (
            <section aria-labelledby="grading-shown">
              <h2 id="grading-shown">{shown === rounds[0] ? t('grading.latest') : t('grading.chosen')}</h2>
              <RoundHead round={shown} />
              <GradingExplained g={shown.grading} />
            </section>
          ) : (
            <section aria-labelledby="grading-preview">
              <h2 id="grading-preview">{t('grading.noRoundsYet')}</h2>
              <p className="muted">{t('grading.previewHelp')}</p>
              <Loaded state={preview}>{(g) => <GradingExplained g={g} />}</Loaded>
            </section>
          );
        }}
      </Loaded>
      {/* Outside the loaded parts: it stays on screen (with its answer) while the history reloads. */}
      <GradeNow shgId={shgId} onDone={history.reload} />
      <h2>{t('grading.history')}</h2>
      <Loaded state={history}>
        {(rounds) =>
          rounds.length === 0 ? <Empty>{t('grading.noRounds')}</Empty> : <History rounds={rounds} shown={shownOf(rounds)?.id} onShow={setChosen} onSignedOff={history.reload} />
        }
      </Loaded>
    </div>
  );
}

function RoundHead({ round }: { round: GradingRound }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <p className="muted">
      {t('grading.roundLine', { stage: valueLabel(t, 'gradingStage', round.stage), date: fmt.date(round.asOf), by: round.gradedBy })} ·{' '}
      {round.signedOffBy ? t('grading.signedOffLine', { by: round.signedOffBy, date: fmt.date(localDay(round.signedOffAt!)) }) : t('grading.notSignedOff')}
    </p>
  );
}

function GradingExplained({ g }: { g: Grading }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <>
      <dl className="facts large">
        <div className="highlight">
          <dt>{t('grading.grade')}</dt>
          <dd data-grade={g.grade}>{valueLabel(t, 'grade', g.grade)}</dd>
        </div>
        <div>
          <dt>{t('grading.score')}</dt>
          <dd>{t('grading.scoreOf100', { score: fmt.number(g.score) })}</dd>
        </div>
        <div>
          <dt>{t('grading.panchasutra')}</dt>
          <dd>{t('grading.normsMet', { n: fmt.number(g.panchasutra.score), m: fmt.number(g.panchasutra.norms.length) })}</dd>
        </div>
        <div>
          <dt>{t('grading.bankCredit')}</dt>
          <dd>{g.bankCreditEligible ? t('grading.bankCreditYes') : t('grading.bankCreditNo')}</dd>
        </div>
      </dl>
      <p className="muted">
        {t('grading.window', { from: fmt.date(g.window.from), to: fmt.date(g.window.through) })} · {t('rules.usedVersion', { version: fmt.number(g.ruleSet.version) })}
        {g.stage && ` · ${t('grading.stageTiming', { stage: valueLabel(t, 'gradingStage', g.stage.stage), from: fmt.date(g.stage.from), to: fmt.date(g.stage.to), timing: valueLabel(t, 'stageTiming', g.stage.timing) })}`}
      </p>
      <div className="table-wrap">
        <table>
          <caption>{t('grading.indicators')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('grading.indicator')}</th>
              <th scope="col">{t('grading.counted')}</th>
              <th scope="col" className="num">
                {t('grading.share')}
              </th>
              <th scope="col" className="num">
                {t('grading.fullMarksAt')}
              </th>
              <th scope="col" className="num">
                {t('grading.points')}
              </th>
              <th scope="col" className="num">
                {t('grading.maxPoints')}
              </th>
            </tr>
          </thead>
          <tbody>
            {g.indicators.map((i) => (
              <tr key={i.key} data-indicator={i.key}>
                <th scope="row">{valueLabel(t, 'indicator', i.key)}</th>
                <td>{measureText(t, fmt, i)}</td>
                <td className="num">{i.percent === null ? '—' : fmt.percent(i.percent)}</td>
                <td className="num">{fmt.percent(i.fullMarksAtPercent)}</td>
                <td className={`num${i.pointsHundredths < i.weight * 100 ? ' attention' : ''}`}>{fmt.number(i.points)}</td>
                <td className="num">{fmt.number(i.weight)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t('common.total')}
              </th>
              <td className="num">{fmt.number(g.score)}</td>
              <td className="num">{fmt.number(100)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption>{t('grading.panchasutraNorms')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('grading.norm')}</th>
              <th scope="col" className="num">
                {t('grading.share')}
              </th>
              <th scope="col" className="num">
                {t('grading.panchasutraNorm')}
              </th>
              <th scope="col">{t('grading.normMet')}</th>
            </tr>
          </thead>
          <tbody>
            {g.panchasutra.norms.map((n) => (
              <tr key={n.norm}>
                <th scope="row">{valueLabel(t, 'norm', n.norm)}</th>
                <td className="num">{n.percent === null ? '—' : fmt.percent(n.percent)}</td>
                <td className="num">{fmt.percent(n.thresholdPercent)}</td>
                <td>
                  <span className={`badge ${n.met ? 'yes' : 'warn'}`}>{n.met ? t('common.yes') : t('common.no')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function GradeNow({ shgId, onDone }: { shgId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState(todayIso());
  const [stage, setStage] = useState<GradingStage>('before-rf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const out = await api.command<{ grade: string; score: string }>('grade-shg', { id: crypto.randomUUID(), shgId, asOf, stage });
      setDone(t('grading.graded', { grade: valueLabel(t, 'grade', out.result.grade), score: out.result.score }));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="grade-now no-print" onSubmit={(e) => void submit(e)} aria-labelledby="grade-now-title">
      <h2 id="grade-now-title">{t('grading.gradeNow')}</h2>
      <p className="muted">{t('grading.gradeNowHelp')}</p>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="grade-as-of">{t('grading.asOf')}</label>
          <input id="grade-as-of" type="date" value={asOf} max={todayIso()} onChange={(e) => setAsOf(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="grade-stage">{t('grading.stage')}</label>
          <select id="grade-stage" value={stage} onChange={(e) => setStage(e.target.value as GradingStage)}>
            {GRADING_STAGES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, 'gradingStage', s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('grading.gradeNowButton')}
        </button>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
    </form>
  );
}

function History({ rounds, shown, onShow, onSignedOff }: { rounds: GradingRound[]; shown: string | undefined; onShow: (id: string) => void; onSignedOff: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('grading.asOf')}</th>
            <th scope="col">{t('grading.stage')}</th>
            <th scope="col">{t('grading.grade')}</th>
            <th scope="col" className="num">
              {t('grading.score')}
            </th>
            <th scope="col" className="num">
              {t('grading.panchasutra')}
            </th>
            <th scope="col">{t('grading.gradedBy')}</th>
            <th scope="col">{t('grading.signOff')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('grading.show')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((r) => (
            <tr key={r.id} aria-current={r.id === shown ? 'true' : undefined}>
              <th scope="row" className="date">
                {fmt.date(r.asOf)}
              </th>
              <td>{valueLabel(t, 'gradingStage', r.stage)}</td>
              <td>{valueLabel(t, 'grade', r.grade)}</td>
              <td className="num">{fmt.number(r.score)}</td>
              <td className="num">{fmt.number(r.panchasutraScore)}</td>
              <td>
                {r.gradedBy} · {fmt.date(localDay(r.gradedAt))}
                <br />
                <span className="muted">{t('rules.usedVersion', { version: fmt.number(r.ruleSetVersion) })}</span>
              </td>
              <td>
                {r.signedOffBy ? (
                  <>
                    {r.signedOffBy} · {fmt.date(localDay(r.signedOffAt!))}
                    {r.signOffNote && (
                      <>
                        <br />
                        <span className="muted">{r.signOffNote}</span>
                      </>
                    )}
                  </>
                ) : r.canSignOff ? (
                  <SignOff gradingId={r.id} onDone={onSignedOff} />
                ) : (
                  <span className="muted">{t('grading.waitingSignOff')}</span>
                )}
              </td>
              <td>
                <button type="button" onClick={() => onShow(r.id)} disabled={r.id === shown}>
                  {t('grading.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SignOff({ gradingId, onDone }: { gradingId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.command('sign-off-grading', { gradingId, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="sign-off" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`sign-off-note-${gradingId}`}>{t('grading.signOffNote')}</label>
        <input id={`sign-off-note-${gradingId}`} type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('grading.signOffButton')}
      </button>
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}
