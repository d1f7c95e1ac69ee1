import { ComponentFiles, Git, badMarks, checkEvents, describeProblems, escapeJsonText, joinProblems, loadHistory, loadSnapshot } from '../../engine';
import { answerFile, answerInputs, answerKey, answerPlace, answerRefs, writeAnswer } from '../../engine/cache/answerCache';
import { CliCommand, CliContext, flag, repository } from '../cliContext';
import { statusAnswerArguments } from '../keptStatusAnswer';
import { shownMessage, shownName, shownText } from '../untrustedOutput';

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status [--repo DIR] [--json]',
  summary: 'every component with its environments and versions',
  async run(ctx: CliContext): Promise<number> {
    const json = flag(ctx, 'json');
    const args = statusAnswerArguments(json);
    // Every input of the answer, read without opening an object. The CLI's entry (bin.ts) reads
    // them first, prints the answer kept for them if there is one, and otherwise hands them over.
    // No listing (a tag whose object is missing): the answer is computed and not kept.
    const known = ctx.answerInputs;
    const git = known ? new Git(known.place.root) : await repository(ctx);
    const [place, refs] = known ? [known.place, known.refs] : await Promise.all([answerPlace(git), answerRefs(git).catch(() => undefined)]);
    const key = refs && answerKey(await answerInputs(place, refs), args);
    const read = await readStatus(git, place.head ?? undefined);
    // Every git read is done: the listing that tells whether a ref moved meanwhile runs while the answer is written out.
    const refsAfter = key ? answerRefs(git).catch(() => undefined) : undefined;
    // Encoded once, for the terminal and for the cache file.
    const answer = Buffer.from(formatStatus(read, json), 'utf8');
    ctx.stdout.write(answer);
    // Kept only when nothing it depends on changed while it was computed (a ref moved, the registry written).
    const after = await refsAfter;
    if (key && after && answerKey(await answerInputs(place, after), args) === key) await writeAnswer(answerFile(place.cacheDir, 'status'), key, answer);
    return 0;
  },
};

/** Everything status prints, read from git: the snapshot, the bad marks and each component's file at HEAD. */
async function readStatus(git: Git, headCommit: string | undefined) {
  const files = new ComponentFiles(git);
  if (headCommit) files.prefetch(headCommit);
  // Bad marks live in the deployment history: read it, never write it.
  const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
  checkEvents(history, snapshot);
  const skipped = joinProblems(snapshot.problems, history.skipped);
  const marks = badMarks(history);
  const components = [];
  for (const c of snapshot.components) {
    const at = headCommit ?? c.versions[0]?.commit;
    const path = at ? (await files.pathAt(c, at)).path : null;
    components.push({
      id: c.id,
      key: c.key,
      prefix: c.prefix,
      namespace: c.namespace,
      name: c.name,
      legacy: c.legacy,
      path,
      versions: c.versions.map((v) => ({
        version: v.version,
        commit: v.commit,
        date: v.date,
        tagger: v.tagger,
        message: v.message,
        annotated: v.annotated,
        prerelease: v.prerelease,
        bad: ((m) => (m ? { reason: m.reason, by: m.by, at: m.at } : null))(marks.get(c.key, v.version)),
      })),
      environments: c.environments.map((e) => ({
        name: e.name,
        version: e.version,
        commit: e.commit,
        movedAt: e.movedAt,
        movedBy: e.movedBy,
        annotated: e.annotated,
      })),
      // Every version at each commit an environment is at, listed once per commit (not per environment).
      versionsAtCommit: Object.fromEntries(c.environments.flatMap((e) => (e.commit && e.versionsAtCommit.length ? [[e.commit, e.versionsAtCommit] as const] : []))),
    });
  }
  return { snapshot, marks, components, skipped };
}

/** What `status` prints (JSON or text) for what was read. */
function formatStatus({ snapshot, marks, components, skipped }: Awaited<ReturnType<typeof readStatus>>, json: boolean): string {
  if (json) return escapeJsonText(JSON.stringify({ repository: snapshot.root, components, unrecognizedTags: snapshot.unrecognizedTags.length, skipped }, null, 2)) + '\n';
  const out: string[] = [];
  const print = (line: string) => out.push(line + '\n');
  if (!components.length) {
    print(`No Edgit tags in ${snapshot.root}. Create a version with: edgit-deploy version prompts/extraction v1.0.0`);
  }
  // Names and values from the tags are escaped here, so the text kept for the next status is as printed.
  for (const c of components) {
    print(`${shownName(c.id)}${c.legacy ? ' (legacy layout)' : ''}${c.path ? `  ${shownText(c.path)}` : ''}`);
    for (const e of c.environments) {
      const when = e.movedAt ? `  moved ${e.movedAt}${e.movedBy ? ` by ${shownText(e.movedBy)}` : ''}` : '';
      const bad = e.version && marks.get(c.key, e.version) ? ' (marked bad)' : '';
      const at = e.version ? shownName(e.version) : e.commit ? `commit ${e.commit.slice(0, 10)} (no version)` : 'nothing';
      print(`  ${shownName(e.name).padEnd(12)} → ${at}${bad}${when}`);
    }
    const shown = c.versions.slice(0, 5).map((v) => (v.bad ? `${shownName(v.version)} (bad)` : shownName(v.version)));
    print(`  versions: ${shown.join(', ')}${c.versions.length > 5 ? `, … (${c.versions.length})` : ''}`);
  }
  if (snapshot.unrecognizedTags.length) {
    print(`${snapshot.unrecognizedTags.length} tag(s) fit no Edgit layout and were skipped (e.g. ${snapshot.unrecognizedTags.slice(0, 3).map(shownName).join(', ')}).`);
  }
  // Printed with the answer (not apart on stderr), so a kept answer tells it too.
  if (skipped.length) print(`${shownMessage(describeProblems(skipped))}.`);
  return out.join('');
}
