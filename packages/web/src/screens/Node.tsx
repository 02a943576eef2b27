import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { Empty, Loaded, Loading, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';
import { href, type RouteParams } from '../router.ts';
import { NODE_SECTIONS } from './node-sections.ts';

/** A node of the tree (a place or an institution): its breadcrumb, its sections as tabs, and the open section. */
export function NodePage({ nodeId, section, params }: { nodeId: string; section: string | undefined; params: RouteParams }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => api.node(nodeId, { signal }), [nodeId]);
  return (
    <Loaded state={state}>
      {(detail) => {
        const sections = NODE_SECTIONS.filter((s) => s.appliesTo(detail.node.kind));
        const open = sections.find((s) => s.id === section) ?? sections[0];
        return (
          <section>
            <div className="page-head">
              <nav className="breadcrumb no-print" aria-label={t('nav.breadcrumb')}>
                <a href={href({ name: 'home' })}>{t('nav.home')}</a>
                {detail.ancestors.map((a) => (
                  <span key={String(a.id)}>
                    <span aria-hidden="true"> › </span>
                    <a href={href({ name: 'node', nodeId: String(a.id), section: undefined, params: {} })}>{a.name}</a>
                  </span>
                ))}
              </nav>
              <h1>
                {detail.node.name} <span className="code">{detail.node.code}</span>
              </h1>
              <p className="muted">
                <span className="badge">{valueLabel(t, 'kind', detail.node.kind)}</span>
              </p>
            </div>
            {sections.length > 1 && (
              <nav className="tabs no-print" aria-label={t('node.sections')}>
                {sections.map((s) => (
                  <a key={s.id} href={href({ name: 'node', nodeId, section: s.id, params })} aria-current={s === open ? 'page' : undefined}>
                    {t(s.labelKey)}
                  </a>
                ))}
              </nav>
            )}
            <div className="tab-panel">
              {open ? (
                <Suspense fallback={<Loading />}>
                  <open.Component detail={detail} params={params} />
                </Suspense>
              ) : (
                <Empty>{t('node.noSections')}</Empty>
              )}
            </div>
          </section>
        );
      }}
    </Loaded>
  );
}
