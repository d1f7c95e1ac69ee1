import { ReferenceFileProblem, ReferenceProblem, ResolvedSite } from '../engine';
import { fixed, flowing, layoutRecord } from './recordLayout';
import { shownMessage, shownName, shownText } from './untrustedOutput';

/**
 * References as records for people (refs, verify); their JSON is referenceJson (src/agentTools/answers/refsAnswer.ts). Everything in them comes from
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
