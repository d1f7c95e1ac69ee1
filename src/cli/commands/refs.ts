import { EdgitError, ReferenceScopeOptions } from '../../engine';
import { readReferences, referencesJson, wantedComponent } from '../../agentTools/answers/refsAnswer';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { wrapSentence } from '../recordLayout';
import { referenceRecord, unreadableRecord } from '../referenceRecords';
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
    const read = await readReferences(git, scopeOptions(ctx), wanted);
    const { index, snapshot, resolved, unreadable } = read;
    if (flag(ctx, 'json')) {
      printJson(ctx, referencesJson(read));
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

/** --include and --exclude: comma-separated globs relative to the repository root. */
export function scopeOptions(ctx: CliContext): ReferenceScopeOptions {
  const list = (name: string) => (stringOption(ctx, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { include: list('include'), exclude: list('exclude') };
}
