import { MovePinsLeftBehind, ReferenceFileProblem, ReferenceProblem, ResolvedSite } from '../engine';
import { fixed, flowing, layoutRecord } from './recordLayout';
import { shownMessage, shownName, shownText } from './untrustedOutput';

/**
 * References as records for people (refs, verify) and as JSON. Everything in them comes from
 * files of the workspace (paths, values) or from tags: names are shown unmistakably, messages
 * escaped (untrustedOutput.ts).
 */

/** `ensembles/a.yaml:12:15`, escaped. */
function place(file: string, line: number, column?: number): string {
  return `${shownText(file)}:${line}${column === undefined ? '' : `:${column}`}`;
}

/** One reference: where, what is written, what it resolves to; then each problem on a line of its own. */
export function referenceRecord(r: ResolvedSite, width: number, problems: readonly ReferenceProblem[] = r.resolution.problems): string[] {
  const s = r.site;
  return layoutRecord(width, {
    indent: 2,
    head: [fixed(place(s.file, s.line, s.column)), fixed(shownName(s.reference.text)), fixed(shownMessage(r.resolution.summary))],
    details: problems.map((p) => [flowing(`${p.severity}: ${shownMessage(p.message)}`)]),
  });
}

/** A file that could not be read as YAML. */
export function unreadableRecord(p: ReferenceFileProblem, width: number): string[] {
  return layoutRecord(width, { indent: 2, head: [fixed(place(p.file, p.line, p.column)), fixed('unreadable YAML:')], details: [[flowing(shownText(p.message))]], detailsInline: true });
}

/** A reference in --json: its place, what is written, how Conductor reads it, what it resolves to, and its problems. */
export function referenceJson(r: ResolvedSite): Record<string, unknown> {
  const s = r.site;
  const ref = s.reference;
  return {
    file: s.file,
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    key: s.key,
    text: ref.text,
    form: ref.form,
    component: ref.componentId,
    slot: ref.slot,
    slotKind: ref.slotKind,
    conductorKey: ref.canonical,
    conductorReads: ref.conductorReads,
    resolution: {
      status: r.resolution.status,
      summary: r.resolution.summary,
      tag: r.resolution.tag,
      version: r.resolution.version,
      commit: r.resolution.commit,
      tagsAllow: r.resolution.tagsAllow,
    },
    problems: r.resolution.problems.map((p) => ({
      kind: p.kind,
      severity: p.severity,
      message: p.message,
      replacement: p.replacement ?? null,
      bad: p.mark ? { reason: p.mark.reason, by: p.mark.by, at: p.mark.at } : null,
    })),
  };
}

/** The pins a move leaves behind, for people: the sentence, then each reference with file:line:column. */
export function pinsLeftBehindLines(p: MovePinsLeftBehind): string[] {
  return [
    `  pinned: ${shownMessage(p.sentence)}`,
    ...p.sites.map((s) => `    ${place(s.file, s.line, s.column)}  ${shownName(s.reference.text)}`),
  ];
}

/** The pins a move leaves behind, in --json. */
export function pinsLeftBehindJson(p: MovePinsLeftBehind): Record<string, unknown> {
  return {
    component: p.componentId,
    key: p.componentKey,
    environment: p.environment,
    fromVersion: p.fromVersion,
    toVersion: p.toVersion,
    files: p.files,
    sentence: p.sentence,
    references: p.sites.map((s) => ({ file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, text: s.reference.text, slot: s.reference.slot })),
  };
}
