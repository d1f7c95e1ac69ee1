import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and ranks functions by self time. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface HotFunction {
  /** `name (file:line)`, or a V8 pseudo-frame such as `(garbage collector)`. */
  readonly frame: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly top: readonly HotFunction[];
  /** Self time grouped by source file (engine files, node internals, V8 pseudo-frames). */
  readonly byFile: readonly HotFunction[];
}

export function summarizeCpuProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const byFrame = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url ? shortFile(url) : '';
    const frame = file ? `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})` : functionName || '(anonymous)';
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + us);
    const group = file || functionName;
    byFile.set(group, (byFile.get(group) ?? 0) + us);
    totalUs += us;
  }
  const rank = (m: Map<string, number>, n: number): HotFunction[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([frame, us]) => ({ frame, selfMs: us / 1000, percent: (100 * us) / totalUs }));
  return { totalMs: totalUs / 1000, top: rank(byFrame, top), byFile: rank(byFile, 10) };
}

function shortFile(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const i = p.lastIndexOf('/out/');
  return i >= 0 ? p.slice(i + 5) : p.startsWith('node:') ? p : path.basename(p);
}
