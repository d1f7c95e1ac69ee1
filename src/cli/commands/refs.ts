import { EdgitError, ReferenceIndex, ReferenceScopeOptions, badMarks, loadHistory, loadSnapshot, parseReference, resolveAll } from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { wrapSentence } from '../recordLayout';
import { referenceJson, referenceRecord, unreadableRecord } from '../referenceRecords';
import { shownName } from '../untrustedOutput';

export const refsCommand: CliCommand = {
  name: 'refs',
  usage: 'refs [COMPONENT[@SLOT]] [--include GLOB,…] [--exclude GLOB,…] [--repo DIR] [--json]',
  summary:
    'every component reference in the ensembles and agents (YAML): file, line, column, slot, what it resolves to now, and its problems (a missing tag, a pinned bad version, a pin no environment serves, the legacy prompt:// form)',
  options: { include: { type: 'string' }, exclude: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    if (ctx.positionals.length > 1) throw new EdgitError('refs takes at most one component.', 'bad-usage', `Usage: edgit-deploy ${this.usage}`);
    const wanted = ctx.positionals[0] === undefined ? undefined : wantedComponent(ctx.positionals[0]);
    const git = await repository(ctx);
    const [index, snapshot, history] = await Promise.all([ReferenceIndex.build(git.cwd, scopeOptions(ctx)), loadSnapshot(git), loadHistory(git)]);
    const resolved = resolveAll(index, snapshot, badMarks(history)).filter(
      (r) => !wanted || (r.site.reference.componentId === wanted.component && (wanted.slot === undefined || r.site.reference.slot === wanted.slot)),
    );
    const unreadable = index.problems();
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        scope: { include: index.scope.include, exclude: index.scope.exclude, configProblem: index.scope.configProblem },
        references: resolved.map(referenceJson),
        unreadable,
      });
      printSkipped(ctx, snapshot.problems);
      return 0;
    }
    const lines: string[] = [];
    for (const r of resolved) lines.push(...referenceRecord(r, ctx.width));
    for (const p of unreadable) lines.push(...unreadableRecord(p, ctx.width));
    const count = (severity: string) => resolved.reduce((n, r) => n + r.resolution.problems.filter((p) => p.severity === severity).length, 0);
    const files = new Set(resolved.map((r) => r.site.file)).size;
    const what = wanted ? ` to ${shownName(wanted.component)}${wanted.slot === undefined ? '' : `@${shownName(wanted.slot)}`}` : '';
    const summary = resolved.length
      ? `${resolved.length} reference(s)${what} in ${files} file(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('information')} note(s)${unreadable.length ? `; ${unreadable.length} file(s) unreadable as YAML` : ''}.`
      : `No reference${what} in ${index.scope.include.join(', ')}${unreadable.length ? `; ${unreadable.length} file(s) unreadable as YAML` : ''}.`;
    lines.push(...wrapSentence(ctx.width, summary, 0));
    print(ctx, lines.join('\n'));
    printSkipped(ctx, snapshot.problems);
    return 0;
  },
};

/** `prompts/analysis`, `prompts/analysis@v2.0.0` or `components/prompts/analysis`: the component id and the slot. */
function wantedComponent(typed: string): { component: string; slot?: string } {
  const { component, slot } = parseReference(typed.trim());
  const parts = component.split('/');
  return { component: parts.length === 3 && parts[0] === 'components' ? parts.slice(1).join('/') : component, slot };
}

/** --include and --exclude: comma-separated globs relative to the repository root. */
export function scopeOptions(ctx: CliContext): ReferenceScopeOptions {
  const list = (name: string) => (stringOption(ctx, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { include: list('include'), exclude: list('exclude') };
}
