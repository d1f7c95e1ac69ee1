import { EnvironmentInfo, VersionInfo } from '../../engine';

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
  return [shortDate(v.date), v.tagger, v.message].filter(Boolean).join(' · ');
}

/** What an environment holds, in a few words: `v1.0.0`, `commit a1b2c3d4e5`, `nothing`. */
export function environmentPosition(e: EnvironmentInfo): string {
  return e.version ?? (e.commit ? `commit ${e.commit.slice(0, 10)}` : 'nothing');
}

/** `moved 2025-03-01 09:00 by Ada · Set extraction to production`. */
export function environmentDetail(e: EnvironmentInfo): string {
  const moved = e.movedAt ? `moved ${shortDate(e.movedAt)}${e.movedBy ? ` by ${e.movedBy}` : ''}` : 'lightweight tag';
  return [moved, e.message].filter(Boolean).join(' · ');
}
