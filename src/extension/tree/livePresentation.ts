import * as vscode from 'vscode';
import { LiveState, isRunUrl } from '../../engine';
import { markedName } from '../untrustedLabels';
import { absoluteTime, relativeTime } from './relativeTime';

/**
 * How the tree says what an environment serves, as its deploy jobs reported it (deploy receipts):
 * live, live while caches settle, or pending. Nothing for environments never reported.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
/** A position in a few characters: its version, else its short commit. */
const position = (version: string | null, commit: string | null) => (version ? markedName(version) : commit ? commit.slice(0, 7) : 'nothing');

/** The words of an environment row: `live`, `live · caches settle 15:55`, `deploy pending`. */
export function liveRowText(live: LiveState | undefined, now: number): string {
  if (!live) return '';
  if (live.state === 'pending') return 'deploy pending';
  return live.settlesAtMs !== null && live.settlesAtMs > now ? `live · caches settle ${absoluteTime(iso(live.settlesAtMs)).slice(11)}` : 'live';
}

/** What a component row adds after its live environment's version: `(live)`, `(v1.0.0 live, deploy pending)`. */
export function liveComponentText(live: LiveState | undefined): string {
  if (!live) return '';
  if (live.state === 'live') return ' (live)';
  return live.version || live.commit ? ` (${position(live.version, live.commit)} live, deploy pending)` : ' (deploy pending)';
}

/** The icon of a pending environment (when no drift or bad mark has one to show). */
export function pendingIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('watch', new vscode.ThemeColor('charts.yellow'));
}

/**
 * A run link as Markdown, or '' when the run is not an http(s) URL: its characters with a Markdown
 * meaning percent-encoded (the URL itself was checked: ASCII, no space, no control character).
 */
function runLink(run: string | null): string {
  if (!run || !isRunUrl(run)) return '';
  const safe = run.replace(/[()[\]<>`\\"' *_]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[deploy run](${safe})`;
}

/**
 * The tooltip paragraph of a live state: `text` appends untrusted text escaped, `markdown` our own
 * Markdown (the run link). Live: since when, by whom, the run, when caches settle. Pending: since
 * when it moved, what was last live, what to check.
 */
export function appendLiveTooltip(live: LiveState, environment: string, now: number, text: (t: string) => void, markdown: (m: string) => void): void {
  const r = live.receipt;
  if (live.state === 'live') {
    text(`\n\nLive since ${absoluteTime(iso(live.sinceMs))} (${relativeTime(iso(live.sinceMs), now)})${r ? `, reported by ${r.by}` : ''}`);
    const link = runLink(r?.run ?? null);
    if (link) markdown(` · ${link}`);
    if (live.settlesAtMs !== null) {
      text(live.settlesAtMs > now ? `\n\nCaches may still serve the previous version until ${absoluteTime(iso(live.settlesAtMs))}; certainly served after.` : `\n\nCertainly served since ${absoluteTime(iso(live.settlesAtMs))} (caches settled).`);
    }
    if (r?.note) text(`\n\n${r.note}`);
    return;
  }
  const moved = live.sinceMs === null ? 'Moved at an unknown moment' : `Moved ${relativeTime(iso(live.sinceMs), now)} (${absoluteTime(iso(live.sinceMs))})`;
  text(`\n\nDeploy pending: ${moved.charAt(0).toLowerCase()}${moved.slice(1)}, no deploy reported for this position in ${environment}.`);
  if (r) {
    text(` Last reported live: ${position(r.version, r.commit)} since ${absoluteTime(r.at)}`);
    const link = runLink(r.run);
    if (link) markdown(` · ${link}`);
  }
  text('\n\nCheck that the deploy ran: a push of more tags than the host announces starts no tag-triggered workflow; ');
  markdown('`edgit-deploy pending`');
  text(' lists what waits.');
}
