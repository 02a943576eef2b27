import { href } from '../../router.ts';

/** The page of an institution: an SHG has its own page, a federation (or any other node) its node page. */
export function institutionHref(kind: string, id: string): string {
  return kind === 'shg' ? href({ name: 'shg', shgId: id, tab: 'overview' }) : href({ name: 'node', nodeId: id, section: undefined, params: {} });
}
