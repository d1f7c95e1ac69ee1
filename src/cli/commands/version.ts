import { EdgitError, createVersion, isBumpLevel, loadSnapshot } from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { shownName } from '../untrustedOutput';

export const versionCommand: CliCommand = {
  name: 'version',
  usage: 'version COMPONENT (VERSION | major | minor | patch | prerelease) [--commit REV] [--logic] [--message TEXT] [--json]',
  summary: 'create an immutable version tag (never replaces an existing one)',
  options: { commit: { type: 'string' }, logic: { type: 'boolean' }, message: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const [component, what, ...rest] = ctx.positionals;
    if (!component || !what || rest.length) {
      throw new EdgitError('version needs COMPONENT and a VERSION or bump level.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    }
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    const created = await createVersion(git, snapshot, {
      component,
      ...(isBumpLevel(what) ? { bump: what } : { version: what }),
      commit: stringOption(ctx, 'commit'),
      prefix: flag(ctx, 'logic') ? 'logic' : 'components',
      message: stringOption(ctx, 'message'),
    });
    if (flag(ctx, 'json')) printJson(ctx, created);
    else print(ctx, `Created ${shownName(created.tag)} at ${created.commit.slice(0, 10)}. Push it with: git push origin refs/tags/${shownName(created.tag)}`);
    return 0;
  },
};
