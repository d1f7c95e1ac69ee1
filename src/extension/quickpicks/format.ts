import { EnvironmentInfo, VersionInfo } from '../../engine';
import { iconSafeName, iconSafeText, nameWarningLines } from '../untrustedLabels';

// Quick picks render `$(icon)` in labels, descriptions and details: what these return quotes tags
// (versions, tagger names, messages) through iconSafeText/iconSafeName, ready for any of the three.

/** `2025-01-10 09:00` in local time, or `` when unknown. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `2025-01-10 09:00 · Ada · Release extraction v1.0.0`: when, who, message. */
export function versionDetail(v: VersionInfo): string {
  return iconSafeText([shortDate(v.date), v.tagger, v.message].filter(Boolean).join(' · '));
}

/** What an environment holds, in a few words: `v1.0.0`, `commit a1b2c3d4e5`, `nothing`. */
export function environmentPosition(e: EnvironmentInfo): string {
  return e.version ? iconSafeName(e.version) : e.commit ? `commit ${e.commit.slice(0, 10)}` : 'nothing';
}

/** `moved 2025-03-01 09:00 by Ada · Set extraction to production`. */
export function environmentDetail(e: EnvironmentInfo): string {
  const moved = e.movedAt ? `moved ${shortDate(e.movedAt)}${e.movedBy ? ` by ${e.movedBy}` : ''}` : 'lightweight tag';
  return iconSafeText([moved, e.message].filter(Boolean).join(' · '));
}

/** A detail that starts with the warning about each suspicious name among `names`, if any. */
export function withNameWarnings(detail: string | undefined, names: readonly (string | null | undefined)[]): string | undefined {
  const warnings = nameWarningLines(names).map((l) => `$(warning) ${iconSafeText(l)}`);
  return warnings.length ? [...warnings, detail].filter(Boolean).join(' · ') : detail;
}
