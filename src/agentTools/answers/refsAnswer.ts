import { MovePinsLeftBehind, ReferenceIndex, ReferenceScopeOptions, ResolvedSite, badMarks, loadHistory, loadSnapshot, parseReference, resolveAll, Git } from '../../engine';

/**
 * Where components are pinned, for `edgit-deploy refs` and the edgit_references tool: the
 * references of the ensembles and agents resolved against the tags and bad marks (readReferences),
 * and their JSON (referencesJson, exactly what `refs --json` prints).
 */

/** `prompts/analysis`, `prompts/analysis@v2.0.0` or `components/prompts/analysis`: the component id and the slot. */
export function wantedComponent(typed: string): { component: string; slot?: string } {
  const { component, slot } = parseReference(typed.trim());
  const parts = component.split('/');
  return { component: parts.length === 3 && parts[0] === 'components' ? parts.slice(1).join('/') : component, slot };
}

/** Every reference (to `wanted` only, when given), resolved now. */
export async function readReferences(git: Git, scope: ReferenceScopeOptions, wanted: { component: string; slot?: string } | undefined) {
  const [index, snapshot, history] = await Promise.all([ReferenceIndex.build(git.cwd, scope, { cache: git.caches }), loadSnapshot(git), loadHistory(git)]);
  const resolved = resolveAll(index, snapshot, badMarks(history)).filter(
    (r) => !wanted || (r.site.reference.componentId === wanted.component && (wanted.slot === undefined || r.site.reference.slot === wanted.slot)),
  );
  return { index, snapshot, resolved, unreadable: index.problems() };
}

/** What `refs --json` prints. */
export function referencesJson({ index, resolved, unreadable }: Awaited<ReturnType<typeof readReferences>>) {
  return {
    scope: { include: index.scope.include, exclude: index.scope.exclude, configProblem: index.scope.configProblem },
    references: resolved.map(referenceJson),
    unreadable,
  };
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
