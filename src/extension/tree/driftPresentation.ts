import { DriftKind } from '../../engine';

export interface DriftPresentation {
  /** Short text for descriptions (`not pushed`). */
  readonly short: string;
  /** A sentence for tooltips. */
  readonly explanation: string;
  readonly icon: string;
  readonly color: string;
  /** contextValue flag after `drift`. */
  readonly flag: 'unpushed' | 'remoteMoved';
}

const PRESENTATIONS: Record<Exclude<DriftKind, 'in-sync' | 'remote-only'>, DriftPresentation> = {
  'local-ahead': {
    short: 'not pushed',
    explanation: 'Moved here and not pushed yet: the remote still has the previous value.',
    icon: 'cloud-upload',
    color: 'charts.yellow',
    flag: 'unpushed',
  },
  'local-only': {
    short: 'not pushed',
    explanation: 'Exists only here: it was never pushed.',
    icon: 'cloud-upload',
    color: 'charts.yellow',
    flag: 'unpushed',
  },
  'remote-moved': {
    short: 'moved on remote',
    explanation: 'Someone moved it on the remote: fetch environment tags to see where it is now.',
    icon: 'cloud-download',
    color: 'charts.orange',
    flag: 'remoteMoved',
  },
  diverged: {
    short: 'moved here and on remote',
    explanation: 'Moved here and, differently, on the remote since the last sync.',
    icon: 'warning',
    color: 'charts.red',
    flag: 'remoteMoved',
  },
  differs: {
    short: 'differs from remote',
    explanation: 'Differs from the remote, and no sync record says which side moved.',
    icon: 'warning',
    color: 'charts.orange',
    flag: 'remoteMoved',
  },
  'remote-deleted': {
    short: 'deleted on remote',
    explanation: 'Deleted on the remote since the last sync.',
    icon: 'warning',
    color: 'charts.orange',
    flag: 'remoteMoved',
  },
};

/** How a drift kind shows in the tree; undefined when there is nothing to show. */
export function presentDrift(kind: DriftKind | undefined): DriftPresentation | undefined {
  if (!kind || kind === 'in-sync' || kind === 'remote-only') return undefined;
  return PRESENTATIONS[kind];
}
