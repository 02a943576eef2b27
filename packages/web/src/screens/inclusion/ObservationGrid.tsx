import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buildSocialActionPayload,
  cellOfField,
  gridColumns,
  nextCellValue,
  setCell,
  setColumn,
  type GridCells,
  type GridOccasion,
  type GridSubject,
} from '@khata/core/social-action-grid';
import { api, ApiError, type ShgSummary } from '../../api.ts';
import { inclusionApi, type Drive } from '../../api/inclusion.ts';
import { Empty, ErrorMessage, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { indicatorLabel, indicatorSetLabel } from './shared.tsx';

interface GridRow {
  id: string;
  name: string;
  detail?: string | undefined;
}

/**
 * "Record what was seen": social action observations at a drive or at an SHG's meeting, as a grid — one row per
 * woman (member) or household, one yes/no column per indicator in force that fits them. A tap on a cell goes
 * blank → yes → no → blank; blank cells are not recorded. Saved as one `record-social-action` command, built by
 * core/social-action-grid.ts (the same helper the server's tests use).
 */
export function RecordObservations({ nodeId, version, onDone }: { nodeId: string; version: number; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [kind, setKind] = useState<'drive' | 'meeting'>('drive');
  const [driveId, setDriveId] = useState('');
  const [shgId, setShgId] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [subject, setSubject] = useState<GridSubject>('member');
  const [rowShgId, setRowShgId] = useState('');
  const drives = useLoad((signal) => inclusionApi.drives(nodeId, { signal }), [nodeId, version]);
  const shgs = useLoad((signal) => api.shgs(nodeId, { signal }), [nodeId]);
  const meetings = useLoad((signal) => (shgId ? api.meetings(shgId, { signal }) : Promise.resolve([])), [shgId]);
  const drive = drives.status === 'ok' ? drives.data.find((d) => d.id === driveId) : undefined;
  const shg = shgs.status === 'ok' ? shgs.data.find((s) => String(s.id) === shgId) : undefined;
  const meeting = meetings.status === 'ok' ? meetings.data.find((m) => String(m.id) === meetingId) : undefined;
  const occasion: GridOccasion | null = kind === 'drive' ? (drive ? { kind: 'drive', driveId: drive.id } : null) : meeting ? { kind: 'meeting', meetingId: String(meeting.id) } : null;
  const date = kind === 'drive' ? drive?.heldOn : meeting?.date;

  return (
    <section className="record-observations no-print" aria-labelledby="obs-title">
      <h3 id="obs-title">{t('socialAction.grid.title')}</h3>
      <p className="muted">{t('socialAction.grid.intro')}</p>
      <fieldset className="plain">
        <legend>{t('socialAction.grid.where')}</legend>
        <div className="choice">
          <button type="button" aria-pressed={kind === 'drive'} onClick={() => setKind('drive')}>
            {t('socialAction.grid.atDrive')}
          </button>
          <button type="button" aria-pressed={kind === 'meeting'} onClick={() => setKind('meeting')}>
            {t('socialAction.grid.atMeeting')}
          </button>
        </div>
      </fieldset>
      {kind === 'drive' ? (
        <Loaded state={drives}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t('socialAction.grid.noDrives')}</Empty>
            ) : (
              <div className="field">
                <label htmlFor="obs-drive">{t('socialAction.grid.drive')}</label>
                <select id="obs-drive" value={driveId} onChange={(e) => setDriveId(e.target.value)}>
                  <option value="">{t('socialAction.grid.choose')}</option>
                  {list.map((d) => (
                    <option key={d.id} value={d.id}>
                      {fmt.date(d.heldOn)} — {d.name} ({d.placeName})
                    </option>
                  ))}
                </select>
              </div>
            )
          }
        </Loaded>
      ) : (
        <div className="inline-fields">
          <ShgPicker id="obs-shg" label={t('socialAction.grid.shg')} shgs={shgs.status === 'ok' ? shgs.data : []} value={shgId} onChange={(v) => (setShgId(v), setMeetingId(''))} />
          {shgId && (
            <div className="field">
              <label htmlFor="obs-meeting">{t('socialAction.grid.meeting')}</label>
              <select id="obs-meeting" value={meetingId} onChange={(e) => setMeetingId(e.target.value)}>
                <option value="">{t('socialAction.grid.choose')}</option>
                {meetings.status === 'ok' &&
                  meetings.data
                    .filter((m) => !m.reversed)
                    .map((m) => (
                      <option key={String(m.id)} value={String(m.id)}>
                        {fmt.date(m.date)}
                      </option>
                    ))}
              </select>
            </div>
          )}
        </div>
      )}
      {occasion && date && (
        <>
          <fieldset className="plain">
            <legend>{t('socialAction.grid.whom')}</legend>
            <div className="choice">
              <button type="button" aria-pressed={subject === 'member'} onClick={() => setSubject('member')}>
                {t('socialAction.grid.members')}
              </button>
              <button type="button" aria-pressed={subject === 'household'} onClick={() => setSubject('household')}>
                {t('socialAction.grid.households')}
              </button>
            </div>
          </fieldset>
          {kind === 'drive' && subject === 'member' && drive && <DriveShgPicker drive={drive} value={rowShgId} onChange={setRowShgId} />}
          <GridLoader
            key={`${kind}:${occasion.kind === 'drive' ? occasion.driveId : occasion.meetingId}:${subject}:${kind === 'drive' ? rowShgId : shgId}`}
            occasion={occasion}
            date={date}
            subject={subject}
            set={kind === 'drive' ? (drive?.indicatorSet ?? null) : null}
            membersOf={kind === 'drive' ? rowShgId : shgId}
            householdsAt={kind === 'drive' ? drive!.nodeId : shg ? String(shg.nodeId) : ''}
            onDone={onDone}
          />
        </>
      )}
    </section>
  );
}

function ShgPicker({ id, label, shgs, value, onChange }: { id: string; label: string; shgs: ShgSummary[]; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('socialAction.grid.choose')}</option>
        {shgs.map((s) => (
          <option key={String(s.id)} value={String(s.id)}>
            {s.name} ({s.villageName})
          </option>
        ))}
      </select>
    </div>
  );
}

/** At a drive, the women are listed one SHG at a time (a drive at a block would otherwise list thousands). */
function DriveShgPicker({ drive, value, onChange }: { drive: Drive; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const shgs = useLoad((signal) => api.shgs(drive.nodeId, { signal }), [drive.nodeId]);
  return (
    <Loaded state={shgs}>
      {(list) => (list.length === 0 ? <Empty>{t('socialAction.grid.noShgs')}</Empty> : <ShgPicker id="obs-row-shg" label={t('socialAction.grid.membersOf')} shgs={list} value={value} onChange={onChange} />)}
    </Loaded>
  );
}

function GridLoader(props: { occasion: GridOccasion; date: string; subject: GridSubject; set: string | null; membersOf: string; householdsAt: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { date, subject, membersOf, householdsAt } = props;
  const state = useLoad(
    async (signal) => {
      const indicators = await inclusionApi.indicators(date, { signal });
      let rows: GridRow[] = [];
      let truncated = false;
      if (subject === 'member') {
        if (membersOf) rows = (await api.members(membersOf, { signal })).filter((m) => m.status === 'active' && m.joinedOn <= date).map((m) => ({ id: String(m.id), name: m.name, detail: String(m.membershipNumber) }));
      } else if (householdsAt) {
        const r = await inclusionApi.households(householdsAt, { asOf: date }, { signal });
        truncated = r.truncated;
        rows = r.households.map((x) => ({ id: x.id, name: x.headName ?? x.registerNumber ?? '—', detail: [x.registerNumber, x.villageName].filter(Boolean).join(', ') }));
      }
      return { indicators, rows, truncated };
    },
    [date, subject, membersOf, householdsAt],
  );
  if (subject === 'member' && !membersOf) return null;
  return (
    <Loaded state={state}>
      {({ indicators, rows, truncated }) => {
        const columns = gridColumns(indicators, subject, props.set);
        if (columns.length === 0) return <Empty>{t('socialAction.grid.noIndicators')}</Empty>;
        if (rows.length === 0) return <Empty>{subject === 'member' ? t('socialAction.grid.noMembers') : t('socialAction.grid.noHouseholds')}</Empty>;
        return (
          <>
            {truncated && <p className="attention">{t('socialAction.grid.truncated', { n: rows.length })}</p>}
            <ObservationTable {...props} columns={columns} rows={rows} />
          </>
        );
      }}
    </Loaded>
  );
}

function ObservationTable({ occasion, subject, set, columns, rows, onDone }: { occasion: GridOccasion; subject: GridSubject; set: string | null; columns: ReturnType<typeof gridColumns>; rows: GridRow[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [cells, setCells] = useState<GridCells>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const rowIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const built = useMemo(() => buildSocialActionPayload({ occasion, subject, rowIds, columns, cells, newId: () => crypto.randomUUID() }), [occasion, subject, rowIds, columns, cells]);
  const badCells = new Set(
    error instanceof ApiError
      ? error.problems.flatMap((p) => {
          const c = cellOfField(built, p.field);
          return c ? [`${c.rowId}\u0000${c.indicator}`] : [];
        })
      : [],
  );
  const stateText = (v: boolean | undefined) => (v === undefined ? t('socialAction.grid.notAsked') : v ? t('socialAction.grid.yes') : t('socialAction.grid.no'));
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await api.command('record-social-action', built.payload);
      setSaved(built.payload.observations.length);
      setCells({});
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {set && <p className="muted">{t('socialAction.grid.onlySet', { set: indicatorSetLabel(t, set) })}</p>}
      <p className="muted">{t('socialAction.grid.howTo')}</p>
      <div className="table-wrap">
        <table className="observation-grid">
          <thead>
            <tr>
              <th scope="col">{subject === 'member' ? t('socialAction.grid.member') : t('socialAction.grid.household')}</th>
              {columns.map((c) => (
                <th scope="col" key={c.code}>
                  <span>{indicatorLabel(t, c.code, c.label)}</span>
                  <button type="button" className="all-yes" onClick={() => setCells(setColumn(cells, rowIds, c.code, true))}>
                    {t('socialAction.grid.allYes')}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  {r.detail && <span className="muted"> · {r.detail}</span>}
                </th>
                {columns.map((c) => {
                  const v = cells[r.id]?.[c.code];
                  const bad = badCells.has(`${r.id}\u0000${c.code}`);
                  return (
                    <td key={c.code}>
                      <button
                        type="button"
                        className={`cell-toggle ${v === undefined ? 'blank' : v ? 'yes' : 'no'}`}
                        aria-label={`${r.name}, ${indicatorLabel(t, c.code, c.label)}: ${stateText(v)}`}
                        aria-invalid={bad || undefined}
                        onClick={() => setCells(setCell(cells, r.id, c.code, nextCellValue(v)))}
                      >
                        {v === undefined ? '—' : stateText(v)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {saved !== null && <p role="status" className="ok">{t('socialAction.grid.saved', { n: saved })}</p>}
      <button type="button" className="primary" disabled={busy || built.payload.observations.length === 0} onClick={() => void save()}>
        {t('socialAction.grid.save', { n: built.payload.observations.length })}
      </button>
    </>
  );
}
