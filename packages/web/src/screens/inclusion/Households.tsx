import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import {
  fileToBase64,
  inclusionApi,
  inclusionPaths,
  INCLUSION_CATEGORIES,
  MOBILISATION_STATUSES,
  POVERTY_STATUSES,
  SECC_DEPRIVATIONS,
  type Category,
  type HouseholdFilters,
  type ImportOutcome,
  type MobilisationStatus,
  type PovertyStatus,
} from '../../api/inclusion.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { categoriesText, categoryLabel, Downloads, ImportErrors } from './shared.tsx';

/** A place's household register: filters, the list, download, import of a list, and (at a village) a new household. */
export default function HouseholdsSection({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const atVillage = detail.node.kind === 'village';
  const [filters, setFilters] = useState<HouseholdFilters>({});
  const [version, setVersion] = useState(0);
  const state = useLoad((signal) => inclusionApi.households(nodeId, filters, { signal }), [nodeId, filters.status, filters.povertyStatus, filters.category, version]);
  const reload = () => setVersion((v) => v + 1);
  const query = { status: filters.status, povertyStatus: filters.povertyStatus, category: filters.category };
  return (
    <div className="households">
      <form className="inline-fields no-print" onSubmit={(e) => e.preventDefault()} aria-label={t('households.filters')}>
        <div className="field">
          <label htmlFor="hh-status">{t('households.status')}</label>
          <select id="hh-status" value={filters.status ?? ''} onChange={(e) => setFilters({ ...filters, status: (e.target.value || undefined) as MobilisationStatus | undefined })}>
            <option value="">{t('households.all')}</option>
            {MOBILISATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, 'mobilisation', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hh-poverty">{t('households.povertyStatus')}</label>
          <select id="hh-poverty" value={filters.povertyStatus ?? ''} onChange={(e) => setFilters({ ...filters, povertyStatus: (e.target.value || undefined) as HouseholdFilters['povertyStatus'] })}>
            <option value="">{t('households.all')}</option>
            <option value="poor-or-poorest">{t('poverty.poor-or-poorest')}</option>
            {POVERTY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, 'poverty', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hh-category">{t('households.category')}</label>
          <select id="hh-category" value={filters.category ?? ''} onChange={(e) => setFilters({ ...filters, category: (e.target.value || undefined) as Category | undefined })}>
            <option value="">{t('households.all')}</option>
            {INCLUSION_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(t, c)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Downloads path={inclusionPaths.households(nodeId)} query={query} label={t('households.download')} />
      <Loaded state={state}>
        {({ households, truncated }) =>
          households.length === 0 ? (
            <Empty>{t('households.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption>{t('households.count', { n: fmt.number(households.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('households.registerNumber')}</th>
                    <th scope="col">{t('households.headName')}</th>
                    {!atVillage && <th scope="col">{t('households.village')}</th>}
                    <th scope="col">{t('households.povertyStatus')}</th>
                    <th scope="col">{t('households.categories')}</th>
                    <th scope="col">{t('households.secc')}</th>
                    <th scope="col">{t('households.pip')}</th>
                    <th scope="col">{t('households.status')}</th>
                    <th scope="col">{t('households.shgs')}</th>
                  </tr>
                </thead>
                <tbody>
                  {households.map((h) => (
                    <tr key={h.id} className={h.status === 'in-shg' ? undefined : 'attention'}>
                      <td className="code">{h.registerNumber ?? '—'}</td>
                      <th scope="row">{h.headName ?? '—'}</th>
                      {!atVillage && <td>{h.villageName}</td>}
                      <td>{valueLabel(t, 'poverty', h.povertyStatus)}</td>
                      <td>{categoriesText(t, h.categories)}</td>
                      <td>{h.seccDeprivations.length ? h.seccDeprivations.map((d) => valueLabel(t, 'secc', d)).join(', ') : '—'}</td>
                      <td>{h.pipListed ? (h.pipVettedOn ? t('households.pipVetted', { date: fmt.date(h.pipVettedOn) }) : t('common.yes')) : t('common.no')}</td>
                      <td>{valueLabel(t, 'mobilisation', h.status)}</td>
                      <td>{h.shgs.join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {truncated && <p className="muted">{t('households.truncated')}</p>}
            </div>
          )
        }
      </Loaded>
      <div className="two-col no-print">
        {atVillage && <RegisterHousehold villageId={nodeId} onDone={reload} />}
        <ImportHouseholds nodeId={nodeId} atVillage={atVillage} onDone={reload} />
      </div>
    </div>
  );
}

function RegisterHousehold({ villageId, onDone }: { villageId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const empty = { headName: '', registerNumber: '', povertyStatus: 'poor' as PovertyStatus, categories: [] as string[], secc: [] as string[], pipListed: false, pipVettedOn: '' };
  const [form, setForm] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.command('register-household', {
        id: crypto.randomUUID(),
        villageId,
        headName: form.headName,
        registerNumber: form.registerNumber.trim() || null,
        povertyStatus: form.povertyStatus,
        categories: form.categories,
        seccDeprivations: form.secc,
        pipListed: form.pipListed,
        pipVettedOn: form.pipListed && form.pipVettedOn ? form.pipVettedOn : null,
      });
      setForm(empty);
      setSaved(true);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="hh-register">
      <h2 id="hh-register">{t('households.register')}</h2>
      <div className="field">
        <label htmlFor="hh-head">{t('households.headName')}</label>
        <input id="hh-head" value={form.headName} onChange={(e) => setForm({ ...form, headName: e.target.value })} required />
      </div>
      <div className="field">
        <label htmlFor="hh-number">{t('households.registerNumber')}</label>
        <input id="hh-number" value={form.registerNumber} onChange={(e) => setForm({ ...form, registerNumber: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="hh-pov">{t('households.povertyStatus')}</label>
        <select id="hh-pov" value={form.povertyStatus} onChange={(e) => setForm({ ...form, povertyStatus: e.target.value as PovertyStatus })}>
          {POVERTY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {valueLabel(t, 'poverty', s)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('households.categories')}</legend>
        {INCLUSION_CATEGORIES.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={form.categories.includes(c)} onChange={() => setForm({ ...form, categories: toggle(form.categories, c) })} />
            {categoryLabel(t, c)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('households.secc')}</legend>
        {SECC_DEPRIVATIONS.map((d) => (
          <label key={d} className="check">
            <input type="checkbox" checked={form.secc.includes(d)} onChange={() => setForm({ ...form, secc: toggle(form.secc, d) })} />
            {valueLabel(t, 'secc', d)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={form.pipListed} onChange={(e) => setForm({ ...form, pipListed: e.target.checked })} />
        {t('households.pipListed')}
      </label>
      {form.pipListed && (
        <div className="field">
          <label htmlFor="hh-vetted">{t('households.pipVettedOn')}</label>
          <input id="hh-vetted" type="date" value={form.pipVettedOn} onChange={(e) => setForm({ ...form, pipVettedOn: e.target.value })} />
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {saved && <p role="status">{t('households.saved')}</p>}
      <button type="submit" className="primary" disabled={busy}>
        {t('households.registerButton')}
      </button>
    </form>
  );
}

function ImportHouseholds({ nodeId, atVillage, onDone }: { nodeId: string; atVillage: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [file, setFile] = useState<File | null>(null);
  // One id per chosen file: sending it again (a retry) cannot import it twice.
  const [commandId, setCommandId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const result = await inclusionApi.importHouseholds(nodeId, commandId, await fileToBase64(file));
      setOutcome(result);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="hh-import">
      <h2 id="hh-import">{t('households.import.title')}</h2>
      <p className="muted">{atVillage ? t('households.import.helpVillage') : t('households.import.helpPlace')}</p>
      <div className="field">
        <label htmlFor="hh-file">{t('households.import.file')}</label>
        <input
          id="hh-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setCommandId(crypto.randomUUID());
            setError(null);
            setOutcome(null);
          }}
        />
      </div>
      {error !== null && <ImportErrors error={error} />}
      {outcome && (
        <p role="status">
          {t('households.import.done', { created: fmt.number(outcome.result.created), updated: fmt.number(outcome.result.updated) })}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !file}>
        {t('households.import.button')}
      </button>
    </form>
  );
}
