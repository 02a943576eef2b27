import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { federationApi, type FederationMembership, type FederationSummary } from '../../api/federations.ts';
import { useFmt, useLoad } from '../../components/common.tsx';
import { href } from '../../router.ts';

/** How many VOs near an SHG are looked through for its membership (a block has a few; beyond that, skip). */
const MAX_VOS = 20;

/**
 * Which VO an SHG belongs to (or belonged to), found among the VOs of its block (a VO may take SHGs of several
 * villages). Shown on the SHG's page as a link; nothing is shown when it belongs to none or the lookup fails.
 */
async function findMembership(shgId: string, signal: AbortSignal): Promise<{ vo: FederationSummary; membership: FederationMembership } | null> {
  const node = await api.node(shgId, { signal });
  const ancestors = node.ancestors;
  const scope = [...ancestors].reverse().find((a) => a.kind === 'block') ?? ancestors.at(-1);
  if (!scope) return null;
  const vos = (await federationApi.list(scope.id, { signal })).filter((f) => f.level === 'vo').slice(0, MAX_VOS);
  const details = await Promise.all(vos.map((v) => federationApi.detail(v.id, { signal })));
  let found: { vo: FederationSummary; membership: FederationMembership } | null = null;
  details.forEach((d, i) => {
    for (const m of d.members) {
      if (m.memberId !== shgId) continue;
      // The live membership wins; else the latest one that ended.
      if (!found || (found.membership.until !== null && (m.until === null || m.since > found.membership.since))) found = { vo: vos[i]!, membership: m };
    }
  });
  return found;
}

export function ShgFederation({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const state = useLoad((signal) => findMembership(shgId, signal), [shgId]);
  if (state.status !== 'ok' || !state.data) return null;
  const { vo, membership } = state.data;
  const link = <a href={href({ name: 'node', nodeId: vo.id, section: undefined, params: {} })}>{vo.name}</a>;
  return (
    <p className="shg-federation">
      {membership.until
        ? t('federation.shgLeft', { since: fmt.date(membership.since), until: fmt.date(membership.until) })
        : t('federation.shgMemberSince', { since: fmt.date(membership.since) })}{' '}
      {link}
    </p>
  );
}
