import { useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Id, type OrgNode, type ShgSummary } from '../api.ts';
import { Empty, ErrorMessage, Loading, SessionContext, useFmt, useLoad } from '../components/common.tsx';
import { valueLabel } from '../labels.ts';
import { href } from '../router.ts';

/**
 * The organisation tree the user can see. Children load when a node opens; what was opened stays open (and
 * loaded) while the user moves between screens, and is forgotten at logout.
 */
const childCache = new Map<string, Promise<{ nodes: OrgNode[]; shgs: ShgSummary[] }>>();
const expanded = new Set<string>();

export function clearTreeCache(): void {
  childCache.clear();
  expanded.clear();
}

const key = (id: Id | undefined) => (id === undefined ? '' : String(id));

function loadChildren(node: OrgNode | undefined, signal: AbortSignal): Promise<{ nodes: OrgNode[]; shgs: ShgSummary[] }> {
  const k = key(node?.id);
  let p = childCache.get(k);
  if (!p) {
    // The cache outlives one screen, so its requests are not tied to the screen's abort signal.
    const wantNodes = !node || node.childCount > 0;
    const wantShgs = !!node && (node.kind === 'village' || (node.childCount === 0 && node.shgCount > 0));
    p = Promise.all([wantNodes ? api.nodes(node?.id) : Promise.resolve([]), wantShgs ? api.shgs(node!.id) : Promise.resolve([])]).then(
      ([nodes, shgs]) => ({ nodes, shgs }),
    );
    p.catch(() => childCache.delete(k));
    childCache.set(k, p);
  }
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    p.then(resolve, reject);
  });
}

export function Home() {
  const { t } = useTranslation();
  const me = useContext(SessionContext);
  const top = useLoad((signal) => loadChildren(undefined, signal), []);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      {me && me.roles.length > 0 && (
        <p className="muted">
          {me.roles.map((r, i) => (
            <span key={i} className="role">
              {t('home.roleAt', { role: valueLabel(t, 'role', r.role), node: r.nodeName })}
            </span>
          ))}
        </p>
      )}
      {top.status === 'loading' && <Loading />}
      {top.status === 'error' && <ErrorMessage error={top.error} onRetry={top.reload} />}
      {top.status === 'ok' &&
        (top.data.nodes.length === 0 ? (
          <Empty>{t('home.noNodes')}</Empty>
        ) : (
          <ul className="tree" aria-label={t('home.title')}>
            {top.data.nodes.map((n) => (
              <TreeNode key={key(n.id)} node={n} startOpen={top.data.nodes.length === 1} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function TreeNode({ node, startOpen = false }: { node: OrgNode; startOpen?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const k = key(node.id);
  const [open, setOpen] = useState(() => expanded.has(k) || startOpen);
  const hasContent = node.childCount > 0 || node.shgCount > 0;
  const toggle = () => {
    const next = !open;
    if (next) expanded.add(k);
    else expanded.delete(k);
    setOpen(next);
  };
  return (
    <li className={`tree-node kind-${node.kind}`}>
      <div className="tree-row">
        {hasContent ? (
          <button type="button" className="tree-toggle" aria-expanded={open} onClick={toggle}>
            <span className="chevron" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <span className="node-name">{node.name}</span>
          </button>
        ) : (
          <span className="tree-leaf">
            <span className="node-name">{node.name}</span>
          </span>
        )}
        <a className="tree-open" href={href({ name: 'node', nodeId: String(node.id), section: undefined, params: {} })}>
          {t('home.openNode')}
        </a>
        <span className="node-meta">
          <span className="badge">{valueLabel(t, 'kind', node.kind)}</span>
          {node.code && <span className="code">{node.code}</span>}
          <span>{t('home.shgCount', { n: fmt.number(node.shgCount) })}</span>
        </span>
      </div>
      {open && hasContent && <NodeChildren node={node} />}
    </li>
  );
}

function NodeChildren({ node }: { node: OrgNode }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => loadChildren(node, signal), [key(node.id)]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const { nodes, shgs } = state.data;
  if (nodes.length === 0 && shgs.length === 0) return <Empty>{t('home.nothingHere')}</Empty>;
  return (
    <ul>
      {nodes.map((n) => (
        <TreeNode key={key(n.id)} node={n} />
      ))}
      {shgs.map((s) => (
        <li key={key(s.id)} className="tree-node shg">
          <div className="tree-row">
            <a className="tree-link" href={href({ name: 'shg', shgId: String(s.id), tab: 'overview' })}>
              <span className="node-name">{s.name}</span>
            </a>
            <span className="node-meta">
              <span className="badge">{t('kind.shg')}</span>
              <span className="code">{s.code}</span>
              <span>{t('home.memberCount', { n: fmt.number(s.memberCount) })}</span>
              <span>{valueLabel(t, 'frequency', s.meetingFrequency)}</span>
              <span className={`status status-${s.status}`}>{valueLabel(t, 'status', s.status)}</span>
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
