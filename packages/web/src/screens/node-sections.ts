import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AnyNodeKind, NodeDetail } from '../api.ts';
import type { RouteParams } from '../router.ts';

/** What a section screen receives: the node (with its breadcrumb) and the route's period parameters. */
export interface NodeSectionProps {
  detail: NodeDetail;
  params: RouteParams;
}

export interface NodeSection {
  /** The URL segment: #/node/:id/<id>. */
  id: string;
  /** Catalog key of the tab label. */
  labelKey: string;
  /** Which kinds of node show this section. */
  appliesTo: (kind: AnyNodeKind) => boolean;
  Component: LazyExoticComponent<ComponentType<NodeSectionProps>>;
}

const PLACES: readonly AnyNodeKind[] = ['organisation', 'state', 'district', 'block', 'cluster', 'village'];
export const isPlace = (kind: AnyNodeKind) => PLACES.includes(kind);
export const isFederation = (kind: AnyNodeKind) => kind === 'vo' || kind === 'clf' || kind === 'blf';

/**
 * The sections of a node's page, in tab order; the first that applies opens by default. Each screen is loaded
 * only when opened. Add a section by adding a line here and a screen under screens/<area>/.
 */
export const NODE_SECTIONS: NodeSection[] = [];
