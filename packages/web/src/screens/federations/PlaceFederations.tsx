import { useTranslation } from 'react-i18next';
import { federationApi, FEDERATION_LEVELS } from '../../api/federations.ts';
import { Empty, Loaded, useFmt, useLoad } from '../../components/common.tsx';
import { valueLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import type { NodeSectionProps } from '../node-sections.ts';
import { CreateFederationForm, useMayWrite } from './FederationForms.tsx';

/** The federations in a place's subtree (VOs, CLFs, BLFs), each a link to its own page. */
export default function PlaceFederations({ detail }: NodeSectionProps) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const nodeId = String(detail.node.id);
  const state = useLoad((signal) => federationApi.list(nodeId, { signal }), [nodeId]);
  const mayWrite = useMayWrite();
  return (
    <>
      {mayWrite && (
        <div className="federation-actions">
          <CreateFederationForm detail={detail} onDone={state.reload} />
        </div>
      )}
      <Loaded state={state}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('federation.noneHere')}</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('federation.name')}</th>
                    <th scope="col">{t('federation.level')}</th>
                    <th scope="col">{t('federation.code')}</th>
                    <th scope="col">{t('federation.formedOn')}</th>
                    <th scope="col" className="num">
                      {t('federation.currentMembers')}
                    </th>
                    <th scope="col">{t('column.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...list]
                    .sort((a, b) => FEDERATION_LEVELS.indexOf(b.level) - FEDERATION_LEVELS.indexOf(a.level) || a.name.localeCompare(b.name))
                    .map((f) => (
                      <tr key={f.id}>
                        <th scope="row">
                          <a href={href({ name: 'node', nodeId: f.id, section: undefined, params: {} })}>{f.name}</a>
                        </th>
                        <td>{valueLabel(t, 'kind', f.level)}</td>
                        <td className="code">{f.code}</td>
                        <td className="date">{fmt.date(f.formedOn)}</td>
                        <td className="num">{fmt.number(f.memberCount)}</td>
                        <td>{valueLabel(t, 'status', f.status)}</td>
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
