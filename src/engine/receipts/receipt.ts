/**
 * A deploy receipt: a deploy job's word that an environment now serves a position of a component.
 *
 * A receipts commit (empty tree, under refs/edgit/receipts) has a summary line and one line per
 * receipt; who reported and when are the commit's committer and committer date:
 *
 *     Edgit-Receipt: {"v":1,"component":"components/prompts/analysis","environment":"production","version":"v1.2.0","commit":"<sha>","run":"https://…","note":null,"settlesInMs":3600000}
 *
 * Everything in it came from a remote: a line that does not parse, names anything outside Edgit's
 * grammar, a run that is not an http(s) URL, or a date git cannot read is skipped and counted.
 */

import { isObjectId, isValidMs, parseObject } from '../gitObjects';
import { ReadProblem } from '../readProblems';
import { classifySlot, isGitRefSegment, parseComponentKey } from '../tagGrammar';

export interface Receipt {
  /** `components/prompts/analysis` and `prompts/analysis`. */
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  /** The version deployed, when the report named one or the commit had one. */
  readonly version: string | null;
  /** The commit deployed. */
  readonly commit: string;
  /** When it was reported live (the receipts commit's committer date). */
  readonly atMs: number;
  readonly at: string;
  /** Who reported it: `Name <email>` of the receipts commit's committer. */
  readonly by: string;
  /** The deploy run, an http(s) URL, or null. */
  readonly run: string | null;
  readonly note: string | null;
  /** How long caches may still serve the previous position after `at`; null when not said. */
  readonly settlesInMs: number | null;
  /** The receipts commit that holds it. */
  readonly receiptCommit: string;
}

/** What a report writes; time and identity come from the commit. */
export type ReceiptDraft = Omit<Receipt, 'atMs' | 'at' | 'by' | 'receiptCommit'>;

const RECEIPT_PREFIX = 'Edgit-Receipt: ';
const WIRE_VERSION = 1;
/** Longer than any URL or note this project writes: skipped. */
const MAX_TEXT = 2048;
/** A week: no loader cache this project knows holds longer. */
const MAX_SETTLE_MS = 7 * 24 * 3600_000;

/** A run URL as accepted: http or https only (a link people click), at most MAX_TEXT characters. */
export function isRunUrl(url: string): boolean {
  if (url.length > MAX_TEXT) return false;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    // No space, control or non-ASCII character: a link shows as what it opens.
    if (c <= 32 || c >= 127) return false;
  }
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
  } catch {
    return false;
  }
}

/** The message of one receipts commit. */
export function formatReceiptMessage(environment: string, drafts: readonly ReceiptDraft[]): string {
  const shown = drafts.slice(0, 3).map((d) => `${d.componentId}${d.version ? ` ${d.version}` : ` ${d.commit.slice(0, 10)}`}`);
  const summary = `Live in ${environment}: ${shown.join(', ')}${drafts.length > 3 ? `, and ${drafts.length - 3} more` : ''}`;
  const lines = drafts.map(
    (d) =>
      RECEIPT_PREFIX +
      JSON.stringify({
        v: WIRE_VERSION,
        component: d.componentKey,
        environment: d.environment,
        version: d.version,
        commit: d.commit,
        run: d.run,
        note: d.note,
        settlesInMs: d.settlesInMs,
      }),
  );
  return `${summary}\n\n${lines.join('\n')}\n`;
}

/** The receipts of one commit's bytes; what cannot be read is counted in `problems`, never thrown. */
export function parseReceiptCommit(commit: string, body: Buffer, problems: ReadProblem[]): Receipt[] {
  const parsed = parseObject(body);
  const where = `receipts commit ${commit.slice(0, 10)}`;
  const committer = parsed.committer;
  const text = body.toString('utf8', parsed.messageStart);
  const lines = text.split('\n').filter((l) => l.startsWith(RECEIPT_PREFIX));
  if (!committer || committer.ms === null || !isValidMs(committer.ms)) {
    if (lines.length) problems.push({ where, what: `committer date unreadable: ${lines.length} receipt(s) skipped` });
    return [];
  }
  const meta = { atMs: committer.ms, at: new Date(committer.ms).toISOString(), by: `${committer.name} <${committer.email}>`, receiptCommit: commit };
  const out: Receipt[] = [];
  let bad = 0;
  for (const line of lines) {
    const r = parseReceiptLine(line.slice(RECEIPT_PREFIX.length));
    if (r) out.push({ ...r, ...meta });
    else bad++;
  }
  if (bad) problems.push({ where, what: `${bad} receipt line(s) unreadable or outside Edgit's grammar` });
  return out;
}

const text = (v: unknown): string | null | undefined => (v === undefined || v === null || v === '' ? null : typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined);

function parseReceiptLine(json: string): ReceiptDraft | undefined {
  let w: Record<string, unknown>;
  try {
    w = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!w || typeof w !== 'object' || Array.isArray(w) || w.v !== WIRE_VERSION) return undefined;
  const key = typeof w.component === 'string' ? parseComponentKey(w.component) : undefined;
  if (!key || key.key !== w.component) return undefined;
  const environment = w.environment;
  if (typeof environment !== 'string' || !isGitRefSegment(environment) || classifySlot(environment, key.layout) !== 'environment') return undefined;
  const version = w.version === null || w.version === undefined ? null : w.version;
  if (version !== null && (typeof version !== 'string' || !isGitRefSegment(version) || classifySlot(version, key.layout) !== 'version')) return undefined;
  if (typeof w.commit !== 'string' || !isObjectId(w.commit)) return undefined;
  const run = text(w.run);
  const note = text(w.note);
  if (run === undefined || note === undefined || (run !== null && !isRunUrl(run))) return undefined;
  const settles = w.settlesInMs === undefined || w.settlesInMs === null ? null : w.settlesInMs;
  if (settles !== null && (typeof settles !== 'number' || !Number.isInteger(settles) || settles < 0 || settles > MAX_SETTLE_MS)) return undefined;
  return { componentKey: key.key, componentId: `${key.namespace}/${key.name}`, environment, version, commit: w.commit, run, note, settlesInMs: settles };
}
