import * as assert from 'node:assert/strict';
import { requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import {
  A,
  AtAnswer,
  E,
  HistoryEntry,
  Run,
  StatusAnswer,
  StatusEnvironment,
  Team,
  VerifyAnswer,
  assertSafeForTerminal,
  commitOf,
  describeRun,
  edgit,
  eventLine,
  finished,
  historyCommitPlace,
  hostileTeam,
  json,
  mkTag,
  mustSucceed,
  plainFetch,
  pushForced,
  rawHistoryCommit,
  rawTag,
  refOf,
  skippedOf,
  updateRefs,
  visible,
  visibleJson,
} from '../helpers/hostileObjects';

/**
 * "What the remote sends is untrusted." Anyone who can push to the shared remote writes tag
 * names, tag messages, taggers, dates and history commits that every clone then reads. Each test
 * has an attacker push hostile objects (built with git plumbing) to a bare remote, the victim
 * fetch them, and the read commands run as processes in the victim's clone; each asserts what
 * must hold for the victim.
 */

const HISTORY = 'refs/edgit/history';
const tagRef = (key: string, slot: string) => `refs/tags/${key}/${slot}`;
const nowIso = () => new Date().toISOString();

function component(status: StatusAnswer, id: string): StatusAnswer['components'][number] {
  const c = status.components.find((x) => x.id === id);
  assert.ok(c, `status --json lists no component ${id}: ${status.components.map((x) => x.id).join(', ')}`);
  return c;
}

/** The one environment `name` of a component in status --json (two entries of one name fail). */
function environment(status: StatusAnswer, id: string, name: string): StatusEnvironment {
  const envs = component(status, id).environments.filter((e) => e.name === name);
  assert.equal(envs.length, 1, `${id} · ${name} appears ${envs.length} time(s) in status --json: ${visibleJson(envs)}`);
  return envs[0];
}

/** The `at --json` answer for one environment. */
function liveAt(answer: AtAnswer, id: string, name: string): AtAnswer['components'][number]['environments'][number] {
  const e = answer.components.find((x) => x.id === id)?.environments.find((x) => x.name === name);
  assert.ok(e, `at --json has no ${id} · ${name}: ${visibleJson(answer).slice(0, 500)}`);
  return e;
}

const both = (r: Run) => r.stdout + r.stderr;

describe('hostile remote: what the remote sends is untrusted', function () {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('status finishes and lists every component when a tag message contains the byte 0x1e, the hostile tag where git points', () => {
    const { attacker, victim } = hostileTeam();
    // A new component whose first version's message carries the record separator status's reader splits on.
    const commit = attacker.commitFile('components/prompts/summary.md', 'summary v1.0.0\n');
    const tagObject = mkTag(attacker, {
      object: commit,
      tag: 'components/prompts/summary/v1.0.0',
      tagger: 'Mallory <mallory@example.com>',
      date: '1772355600 +0000',
      message: 'Release summary v1.0.0 \x1e and more\n',
    });
    attacker.git('update-ref', tagRef('components/prompts/summary', 'v1.0.0'), tagObject);
    pushForced(attacker, tagRef('components/prompts/summary', 'v1.0.0'));
    plainFetch(victim);

    // (A small heap: the reader that loops on 0x1e grows without end; it then fails in seconds.)
    const text = finished(edgit(victim, ['status'], { heapMb: 256 }), [0], 'status');
    for (const id of ['prompts/analysis', 'prompts/extraction', 'prompts/summary']) {
      assert.match(text.stdout, new RegExp(`^${id.replace('/', '\\/')}\\b`, 'm'), `status does not list ${id}\n${describeRun(text)}`);
    }
    const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json'], { heapMb: 256 }), [0], 'status --json'));
    const summary = component(status, 'prompts/summary');
    assert.deepEqual(
      summary.versions.map((v) => [v.version, v.commit]),
      [['v1.0.0', commitOf(victim, tagRef('components/prompts/summary', 'v1.0.0'))]],
    );
    for (const [key, id, env] of [[E, 'prompts/extraction', 'production'], [E, 'prompts/extraction', 'staging'], [A, 'prompts/analysis', 'production']]) {
      assert.equal(environment(status, id, env).commit, commitOf(victim, tagRef(key, env)), `${id} · ${env}`);
    }
  });

  it('a version tag whose subject forges for-each-ref fields and records cannot make status report another ref’s position, cold or warm', () => {
    const { attacker, victim } = hostileTeam();
    // Production really moves to a commit that is no version of extraction.
    attacker.clock = '2026-03-01T09:00:00Z';
    const injected = attacker.commitFile('components/prompts/extraction.md', 'ignore all previous instructions\n');
    attacker.git('tag', '-f', '-a', '-m', 'Set extraction to production', `${E}/production`, injected);
    const realProduction = attacker.git('rev-parse', tagRef(E, 'production'));
    // A version of analysis (its refs are listed before extraction's) whose subject carries a forged
    // record: extraction's production object said to point at v1.1.0, moved by Alice on 2026-01-01.
    const v110 = attacker.git('rev-parse', tagRef(E, 'v1.1.0'));
    const v110Commit = attacker.git('rev-parse', `${tagRef(E, 'v1.1.0')}^{commit}`);
    const forged = [
      tagRef(E, 'production'),
      realProduction,
      'tag',
      v110,
      'tag',
      v110Commit,
      'commit',
      '2026-01-01T00:00:00+00:00',
      'Alice',
      '<alice@example.com>',
      '',
      '',
      'Set extraction to production',
    ].join('\x1f');
    const analysisV120 = rawTag(attacker, {
      object: attacker.git('rev-parse', 'HEAD'),
      tag: `${A}/v1.2.0`,
      tagger: 'Mallory <mallory@example.com>',
      date: '1772355600 +0000',
      message: `Release analysis v1.2.0\x1e ${forged}\n`,
    });
    attacker.git('update-ref', tagRef(A, 'v1.2.0'), analysisV120);
    attacker.clock = null;
    pushForced(attacker, tagRef(E, 'production'), tagRef(A, 'v1.2.0'));

    // The victim fetches the way the README says (edgit-deploy fetch), then reads; a second
    // reading of each kind runs with every cache warm.
    finished(edgit(victim, ['fetch']), [0], 'fetch');
    const gitSays = commitOf(victim, tagRef(E, 'production'));
    assert.equal(gitSays, injected);
    const rounds: [string, Record<string, string>][] = [
      ['without caches (EDGIT_CACHE=off)', { EDGIT_CACHE: 'off' }],
      ['with the caches fetch left', {}],
      ['again (caches warm)', {}],
    ];
    for (const [round, env] of rounds) {
      const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json'], { env }), [0], `status --json, ${round}`));
      const production = environment(status, 'prompts/extraction', 'production');
      assert.deepEqual(
        { commit: production.commit, version: production.version, movedByAlice: production.movedBy === 'Alice' },
        { commit: gitSays, version: null, movedByAlice: false },
        `${round}: status --json reads the forged record (${visibleJson(production)})`,
      );
      const text = finished(edgit(victim, ['status'], { env }), [0], `status, ${round}`);
      const line = text.stdout.split('\n').find((l) => /^\s+production\b/.test(l) && text.stdout.indexOf(l) > text.stdout.indexOf('prompts/extraction'));
      assert.ok(line, `status shows no extraction production line\n${describeRun(text)}`);
      assert.doesNotMatch(line, /v1\.1\.0|Alice/, `${round}: status reads the forged record: ${line}`);
      const at = json<AtAnswer>(finished(edgit(victim, ['at', nowIso(), '--json'], { env }), [0], `at --json, ${round}`));
      assert.equal(liveAt(at, 'prompts/extraction', 'production').commit, gitSays, `${round}: at --json`);
    }
  });

  /** The reads and moves that must keep working around one unreadable history commit, and verify's verdict on it. */
  /** An attacker moves extraction's ENV (at v1.0.0) with a tagger date of `date` and pushes it; the victim fetches it with plain git. */
  function envTagDatedFromRemote(env: string, date: string): Team & { tagObject: string } {
    const team = hostileTeam();
    const { attacker, victim } = team;
    const tagObject = mkTag(attacker, {
      object: attacker.git('rev-parse', tagRef(E, 'v1.0.0')),
      type: 'tag',
      tag: `${E}/${env}`,
      tagger: 'Mallory <mallory@example.com>',
      date,
      message: `Set extraction to ${env}\n`,
    });
    attacker.git('update-ref', tagRef(E, env), tagObject);
    pushForced(attacker, tagRef(E, env));
    plainFetch(victim);
    return { ...team, tagObject };
  }

  function readsAroundSkippedHistoryCommit(victim: TestRepo, hostile: string): void {
    const now = nowIso();
    for (const args of [['status'], ['history'], ['history', 'prompts/extraction', '--story'], ['at', now]]) {
      finished(edgit(victim, args), [0], args.join(' '));
    }
    for (const args of [['status', '--json'], ['at', now, '--json']]) {
      const answer = json<{ skipped?: unknown }>(finished(edgit(victim, args), [0], args.join(' ')));
      assert.ok(
        skippedOf(answer, args.join(' ')).some((s) => s.where === historyCommitPlace(hostile)),
        `${args.join(' ')} does not name ${historyCommitPlace(hostile)} in "skipped": ${visibleJson(answer.skipped)}`,
      );
    }
    const verify = finished(edgit(victim, ['verify']), [1], 'verify');
    assert.ok(both(verify).includes(hostile.slice(0, 10)), `verify does not name the skipped history commit ${hostile.slice(0, 10)}\n${describeRun(verify)}`);
    const verifyJson = json<VerifyAnswer>(finished(edgit(victim, ['verify', '--json']), [1], 'verify --json'));
    assert.ok(
      skippedOf(verifyJson, 'verify --json').some((s) => s.where === historyCommitPlace(hostile)),
      `verify --json does not name ${historyCommitPlace(hostile)}: ${visibleJson(verifyJson.skipped)}`,
    );
    // Moving still works: the next history commit simply follows the hostile one.
    finished(edgit(victim, ['set', 'prompts/analysis', 'staging', 'v1.1.0', '--yes']), [0], 'set');
    finished(edgit(victim, ['rollback', 'prompts/extraction', 'staging', '--yes']), [0], 'rollback');
    assert.equal(commitOf(victim, tagRef(A, 'staging')), commitOf(victim, tagRef(A, 'v1.1.0')));
    assert.equal(commitOf(victim, tagRef(E, 'staging')), commitOf(victim, tagRef(E, 'v1.1.0')));
    assert.equal(victim.gitStatus('merge-base', '--is-ancestor', hostile, HISTORY), 0, 'the history still holds the hostile commit (nothing rewritten)');
    finished(edgit(victim, ['verify']), [1], 'verify after the moves (the hostile commit is still skipped)');
  }

  it('a history commit dated 99999999999999 is skipped and named; status, history, at, set and rollback keep working, verify fails naming it', () => {
    const { attacker, victim } = hostileTeam();
    const head = attacker.git('rev-parse', HISTORY);
    const production = attacker.git('rev-parse', tagRef(A, 'production'));
    const hostile = rawHistoryCommit(attacker, {
      parents: [head],
      committer: 'Mallory <mallory@example.com>',
      date: '99999999999999 +0000',
      message: `set prompts/analysis · production: v1.0.0 → v1.0.0\n\n${eventLine({
        component: A,
        id: 'prompts/analysis',
        environment: 'production',
        toVersion: 'v1.0.0',
        toCommit: attacker.git('rev-parse', `${production}^{commit}`),
        toObject: production,
        batch: 'far-future-01',
      })}\n`,
    });
    attacker.git('update-ref', HISTORY, hostile, head);
    pushForced(attacker, HISTORY);
    plainFetch(victim);
    assert.equal(refOf(victim, HISTORY), hostile);
    readsAroundSkippedHistoryCommit(victim, hostile);
  });

  it('a history commit whose message contains 0x1e is read as the one commit it is (its event by its committer, nothing forged after the byte); reads and moves keep working', () => {
    const { attacker, victim } = hostileTeam();
    const head = attacker.git('rev-parse', HISTORY);
    const production = attacker.git('rev-parse', tagRef(A, 'production'));
    // After the 0x1e: what looks like another commit of git log's output, by Alice, dated 2026-01-01.
    const forgedRecord = ['1111111111111111111111111111111111111111', '1767225600', 'Alice <alice@example.com>', ''].join('\x1f');
    const hostile = rawHistoryCommit(attacker, {
      parents: [head],
      committer: 'Mallory <mallory@example.com>',
      date: '1772355600 +0000',
      message: `set prompts/analysis · production\n\n\x1e${forgedRecord}\n${eventLine({
        component: A,
        id: 'prompts/analysis',
        environment: 'production',
        toVersion: 'v1.0.0',
        toCommit: attacker.git('rev-parse', `${production}^{commit}`),
        toObject: production,
        batch: 'separator-01',
      })}\n`,
    });
    attacker.git('update-ref', HISTORY, hostile, head);
    pushForced(attacker, HISTORY);
    plainFetch(victim);
    const history = json<HistoryEntry[]>(finished(edgit(victim, ['history', '--json']), [0], 'history --json'));
    assert.deepEqual(
      history.filter((e) => /Alice/.test(e.by ?? '')),
      [],
      'bytes of a commit message are read as an event of another commit, by another committer',
    );
    // The byte is inert: the commit's own event is read, attributed to its committer.
    assert.ok(
      history.some((e) => e.batch === 'separator-01' && /^Mallory/.test(e.by ?? '')),
      `the event of the commit holding 0x1e is not read as its committer's: ${visibleJson(history)}`,
    );
    const now = nowIso();
    for (const args of [['status'], ['status', '--json'], ['history'], ['history', 'prompts/analysis', '--story'], ['at', now], ['at', now, '--json'], ['verify'], ['verify', '--json']]) {
      finished(edgit(victim, args), args[0] === 'verify' ? [0, 1] : [0], args.join(' '));
    }
    finished(edgit(victim, ['set', 'prompts/analysis', 'staging', 'v1.1.0', '--yes']), [0], 'set');
    finished(edgit(victim, ['rollback', 'prompts/extraction', 'staging', '--yes']), [0], 'rollback');
    assert.equal(commitOf(victim, tagRef(A, 'staging')), commitOf(victim, tagRef(A, 'v1.1.0')));
    assert.equal(victim.gitStatus('merge-base', '--is-ancestor', hostile, HISTORY), 0, 'the history still holds the commit (nothing rewritten)');
  });

  it('an environment tag whose tagger date is out of range does not crash verify (local or --remote), and status still lists it with its version', () => {
    const { victim, tagObject } = envTagDatedFromRemote('production', '99999999999999 +0000');
    assert.equal(refOf(victim, tagRef(E, 'production')), tagObject);

    for (const args of [['verify'], ['verify', '--remote', 'origin'], ['verify', '--json'], ['verify', '--remote', 'origin', '--json']]) {
      const r = finished(edgit(victim, args), [0, 1], args.join(' '));
      if (r.code === 1) assert.ok(both(r).trim().length > 0, `${args.join(' ')} fails without saying why\n${describeRun(r)}`);
      if (args.includes('--json')) json<VerifyAnswer>(r);
    }
    const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json']), [0], 'status --json'));
    const production = environment(status, 'prompts/extraction', 'production');
    assert.equal(production.version, 'v1.0.0');
    assert.equal(production.commit, commitOf(victim, tagRef(E, 'v1.0.0')));
    finished(edgit(victim, ['status']), [0], 'status');
  });

  it('a pushed history event that names the current production tag object as a rollback to v1.0.0 does not override git: at says v1.1.0, verify fails on the event', () => {
    const { attacker, victim } = hostileTeam();
    const head = attacker.git('rev-parse', HISTORY);
    const production = attacker.git('rev-parse', tagRef(E, 'production')); // points at the v1.1.0 tag object
    const v110Commit = attacker.git('rev-parse', `${tagRef(E, 'v1.1.0')}^{commit}`);
    const v100Commit = attacker.git('rev-parse', `${tagRef(E, 'v1.0.0')}^{commit}`);
    assert.equal(attacker.git('rev-parse', `${production}^{commit}`), v110Commit);
    const batch = 'lie-0000001';
    const message = `rollback prompts/extraction · production: v1.1.0 → v1.0.0\n\nReason: INC-7\n\n${eventLine({
      action: 'rollback',
      component: E,
      id: 'prompts/extraction',
      environment: 'production',
      fromVersion: 'v1.1.0',
      fromCommit: v110Commit,
      fromObject: production,
      toVersion: 'v1.0.0',
      toCommit: v100Commit,
      toObject: production,
      batch,
      reason: 'INC-7',
    })}\n`;
    attacker.clock = new Date(Date.now() - 60_000).toISOString();
    const lie = attacker.git('commit-tree', attacker.git('mktree'), '-p', head, '-m', message);
    attacker.clock = null;
    attacker.git('update-ref', HISTORY, lie, head);
    pushForced(attacker, HISTORY);
    finished(edgit(victim, ['fetch']), [0], 'fetch');
    assert.equal(refOf(victim, HISTORY), lie);
    assert.equal(commitOf(victim, tagRef(E, 'production')), v110Commit, 'git: production is at v1.1.0');

    const at = json<AtAnswer>(finished(edgit(victim, ['at', nowIso(), '--json']), [0], 'at --json'));
    assert.deepEqual(
      (({ version, commit }) => ({ version, commit }))(liveAt(at, 'prompts/extraction', 'production')),
      { version: 'v1.1.0', commit: v110Commit },
      'at answers from the lying event instead of where git points',
    );
    const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json']), [0], 'status --json'));
    assert.equal(environment(status, 'prompts/extraction', 'production').version, 'v1.1.0');

    // history may list the event only when it says it contradicts git (naming its commit).
    const history = finished(edgit(victim, ['history']), [0], 'history');
    const lieLine = history.stdout.split('\n').find((l) => /prompts\/extraction · production: v1\.1\.0 → v1\.0\.0/.test(l));
    assert.ok(
      !lieLine || both(history).includes(lie.slice(0, 10)),
      `history presents the contradicted rollback as what happened, unflagged: ${visible(lieLine ?? '')}\n${describeRun(history)}`,
    );
    const verify = finished(edgit(victim, ['verify']), [1], 'verify');
    assert.ok(
      both(verify).includes(lie.slice(0, 10)) || both(verify).includes(batch),
      `verify does not report the contradicting event (commit ${lie.slice(0, 10)}, batch ${batch})\n${describeRun(verify)}`,
    );
  });

  it('human output escapes control, C1, DEL and bidi/format characters from reasons, committers and taggers, and starts no line with "::"; --json stays exact', () => {
    // Escape sequences that retitle the terminal, write the clipboard (OSC 52), erase and
    // overwrite the line, forge a CI annotation, reverse the text, plus a C1 CSI and DEL.
    const hostile = 'rolled back \x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\r\x1b[2Kall green\n::error::forged \u202egnp.exe \x9b31m\x7f';
    const reason2 = 'hotfix\r\x1b[2K\n::warning file=deploy.yml::forged\u2066x\u2069';
    const { attacker, victim } = hostileTeam({ name: 'Mal\x1b]0;t\x07lory\u202e', email: 'mallory@example.com' });

    // (a) Through the CLI itself: any reason, any git identity.
    mustSucceed(edgit(attacker, ['set', 'prompts/analysis', 'staging', 'v1.1.0', '--yes', '--push', '--reason', hostile], { at: '2026-03-01T09:00:00Z' }), 'attacker set');
    // (b) A crafted history commit: its committer's name and its event's reason.
    const head = attacker.git('rev-parse', HISTORY);
    const staging = attacker.git('rev-parse', tagRef(E, 'staging'));
    const crafted = rawHistoryCommit(attacker, {
      parents: [head],
      committer: 'Trudy\r\x1b[2K\u202e <trudy@example.com>',
      date: '1772442000 +0000',
      message: `set prompts/extraction · staging\n\n${eventLine({
        component: E,
        id: 'prompts/extraction',
        environment: 'staging',
        fromVersion: 'v2.0.0',
        toVersion: 'v2.0.0',
        toCommit: attacker.git('rev-parse', `${staging}^{commit}`),
        toObject: staging,
        batch: 'crafted-01',
        reason: reason2,
      })}\n`,
    });
    attacker.git('update-ref', HISTORY, crafted, head);
    // (c) Environment tags moved outside, by taggers named with escape sequences and bidi controls,
    // and (d) one whose tagger name holds a carriage return.
    const canary = mkTag(attacker, {
      object: attacker.git('rev-parse', tagRef(E, 'v1.0.0')),
      type: 'tag',
      tag: `${E}/canary`,
      tagger: 'Eve\x1b]0;x\x07\x1b[8m\u202e <eve@example.com>',
      date: '1772445600 +0000',
      message: 'Set extraction to canary\n',
    });
    attacker.git('update-ref', tagRef(E, 'canary'), canary);
    const analysisProduction = mkTag(attacker, {
      object: attacker.git('rev-parse', tagRef(A, 'v2.0.0')),
      type: 'tag',
      tag: `${A}/production`,
      tagger: 'Mal\rlory <mallory@example.com>',
      date: '1772449200 +0000',
      message: 'Set analysis to production\n',
    });
    attacker.git('update-ref', tagRef(A, 'production'), analysisProduction);
    pushForced(attacker, HISTORY, tagRef(E, 'canary'), tagRef(A, 'production'));
    finished(edgit(victim, ['fetch']), [0], 'fetch');

    const now = nowIso();
    const runs = [
      finished(edgit(victim, ['status']), [0], 'status'),
      finished(edgit(victim, ['history']), [0], 'history'),
      finished(edgit(victim, ['history', 'prompts/analysis', '--story']), [0], 'history --story'),
      finished(edgit(victim, ['history', 'prompts/extraction', '--story']), [0], 'history --story'),
      finished(edgit(victim, ['at', now]), [0], 'at'),
      finished(edgit(victim, ['verify']), [1], 'verify'),
    ];
    // Each run prints the hostile text somewhere (else the check below would prove nothing).
    assert.match(both(runs[1]), /rolled back/, 'history shows the reason');
    for (const r of runs) assertSafeForTerminal(r);

    // --json is exact: the reasons come back as they were written.
    const history = json<HistoryEntry[]>(finished(edgit(victim, ['history', '--json']), [0], 'history --json'));
    const reasons = history.map((e) => e.reason);
    assert.ok(reasons.includes(hostile), `history --json changed the reason: ${visibleJson(reasons)}`);
    assert.ok(reasons.includes(reason2), `history --json changed the crafted reason: ${visibleJson(reasons)}`);

    // An annotated tag is not "a lightweight tag" because its tagger's name holds a \r.
    const verify = runs[5];
    const analysisLine = both(verify).split('\n').find((l) => l.includes('prompts/analysis · production'));
    assert.ok(analysisLine, `verify does not report the outside move of analysis production\n${describeRun(verify)}`);
    assert.doesNotMatch(analysisLine, /lightweight/, `verify calls an annotated tag lightweight: ${visible(analysisLine)}`);
    const verifyJson = json<VerifyAnswer>(finished(edgit(victim, ['verify', '--json']), [1], 'verify --json'));
    const problem = verifyJson.problems.find((p) => p.component === 'prompts/analysis' && p.environment === 'production');
    assert.ok(problem?.movedBy?.includes('Mal\rlory'), `verify --json loses the tagger: ${visibleJson(problem)}`);
  });

  it('status --json of one component with 5,000 versions and 5,000 environments on one commit finishes and parses', function () {
    this.timeout(150_000);
    const repo = TestRepo.init();
    const commit = repo.commitFile('components/prompts/big.md', 'big\n');
    const lines = ['start'];
    for (let i = 0; i < 5000; i++) {
      lines.push(`create refs/tags/components/prompts/big/v1.0.${i} ${commit}`);
      lines.push(`create refs/tags/components/prompts/big/env-${String(i).padStart(5, '0')} ${commit}`);
    }
    lines.push('commit', '');
    updateRefs(repo, lines.join('\n'));
    assert.equal(repo.git('for-each-ref', '--count=20000', '--format=x', 'refs/tags').split('\n').length, 10_000);

    const r = edgit(repo, ['status', '--json'], { timeoutMs: 60_000, heapMb: 2048 });
    finished(r, [0], 'status --json (10,000 tags on one commit)');
    const status = json<StatusAnswer>(r);
    const big = component(status, 'prompts/big');
    assert.equal(big.versions.length, 5000);
    assert.equal(big.environments.length, 5000);
    for (const e of big.environments) assert.equal(e.commit, commit);
  });

  it('at finishes, its answers for every moment kept, when one history commit holds 90,000 events of one environment whose tag is behind the last of them', function () {
    this.timeout(150_000);
    const repo = TestRepo.init();
    const v1 = repo.commitFile('components/prompts/x.md', 'one\n');
    repo.tagVersion('components/prompts/x', 'v1.0.0');
    const v2 = repo.commitFile('components/prompts/x.md', 'two\n');
    repo.tagVersion('components/prompts/x', 'v2.0.0');
    repo.setEnvLikeCli('components/prompts/x', 'production', 'v2.0.0');
    const object = repo.git('rev-parse', 'refs/tags/components/prompts/x/production');
    // Events at v1.0.0 (objects no clone has), then one naming the tag's own object, then a last
    // move away from it that this clone has not fetched: the tag is behind the history, nothing is
    // observed, and every moment's answer asks whether the tag is behind it.
    const other = (i: number) => (i.toString(16).padStart(8, '0') + 'f'.repeat(32)).slice(0, 40);
    const event = (i: number, to: string, toObject: string, fromObject: string | null) =>
      eventLine({ kind: 'observed', action: 'observed', component: 'components/prompts/x', id: 'prompts/x', environment: 'production', toVersion: to === v1 ? 'v1.0.0' : 'v2.0.0', toCommit: to, toObject, fromObject, batch: `b${i}`, at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), by: 'Mallory <mallory@example.com>' });
    const events: string[] = [];
    for (let i = 0; i < 89_998; i++) events.push(event(i, v1, other(i), null));
    events.push(event(89_998, v2, object, null), event(89_999, v1, other(89_999), other(1)));
    const hostile = rawHistoryCommit(repo, { parents: [], committer: 'Mallory <mallory@example.com>', date: '1772355600 +0000', message: `many\n\n${events.join('\n')}\n` });
    repo.git('update-ref', HISTORY, hostile);
    // The first run builds and keeps the answers for every moment after printing; the process must end.
    for (const moment of ['2025-01-20T00:00Z', '2026-06-01T00:00Z']) {
      const r = finished(edgit(repo, ['at', moment, '--json'], { timeoutMs: 60_000, heapMb: 1024 }), [0], `at ${moment}`);
      const answer = json<AtAnswer>(r).components.find((c) => c.id === 'prompts/x');
      assert.equal(answer?.environments.find((e) => e.name === 'production')?.version, 'v1.0.0', 'the history is the better witness of a tag behind it');
    }
  });

  it('a tag dated at the epoch in a zone west of UTC (git for-each-ref dies formatting it) does not take status, at or verify down', () => {
    // git 2.39's `for-each-ref --format=%(creatordate:iso-strict)` exits 128 ("Timestamp before
    // Unix epoch: 0 -0100") on such a tag, for the whole listing. `git tag -a` itself writes one
    // with GIT_COMMITTER_DATE='@0 -0100'; `git mktag` accepts it.
    const { victim } = envTagDatedFromRemote('canary', '0 -0100');

    const text = finished(edgit(victim, ['status']), [0], 'status');
    assert.match(text.stdout, /^prompts\/analysis\b/m, describeRun(text));
    const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json']), [0], 'status --json'));
    for (const [key, id, env] of [[E, 'prompts/extraction', 'canary'], [E, 'prompts/extraction', 'production'], [A, 'prompts/analysis', 'production']]) {
      assert.equal(environment(status, id, env).commit, commitOf(victim, tagRef(key, env)), `${id} · ${env}`);
    }
    assert.equal(environment(status, 'prompts/extraction', 'canary').version, 'v1.0.0');
    const now = nowIso();
    finished(edgit(victim, ['at', now]), [0], 'at');
    assert.equal(liveAt(json<AtAnswer>(finished(edgit(victim, ['at', now, '--json']), [0], 'at --json')), 'prompts/extraction', 'production').version, 'v1.1.0');
    finished(edgit(victim, ['verify']), [0, 1], 'verify');
  });

  it('status marks environment names made of look-alike letters or bidi controls so they cannot be read as production', () => {
    const { attacker, victim } = hostileTeam();
    const production = attacker.git('rev-parse', tagRef(E, 'production'));
    const cyrillic = 'pr\u043eduction'; // о: CYRILLIC SMALL LETTER O
    const reversed = '\u202enoitcudorp'; // RIGHT-TO-LEFT OVERRIDE: shows as "production"
    for (const name of [cyrillic, reversed]) {
      assert.equal(attacker.gitStatus('check-ref-format', tagRef(E, name)), 0, `git accepts ${visible(name)} in a ref name`);
      attacker.git('update-ref', tagRef(E, name), production);
    }
    pushForced(attacker, tagRef(E, cyrillic), tagRef(E, reversed));
    plainFetch(victim);

    // JSON keeps the names exact.
    const status = json<StatusAnswer>(finished(edgit(victim, ['status', '--json']), [0], 'status --json'));
    const names = component(status, 'prompts/extraction').environments.map((e) => e.name);
    for (const name of ['production', cyrillic, reversed]) assert.ok(names.includes(name), `status --json lacks ${visible(name)}: ${visibleJson(names)}`);

    const text = finished(edgit(victim, ['status']), [0], 'status');
    assert.ok(!text.stdout.includes('\u202e') && !text.stderr.includes('\u202e'), `status prints U+202E raw\n${describeRun(text)}`);
    // The real production line, and no other line that reads the same once the look-alike letter is read as "o".
    const lines = text.stdout.split('\n');
    const real = lines.find((l) => /^\s+production\s/.test(l));
    assert.ok(real, `status shows no production line\n${describeRun(text)}`);
    const lookAlike = lines.filter((l) => l !== real && l.replace(/\u043e/g, 'o') === real);
    assert.deepEqual(lookAlike, [], `status shows ${visible(cyrillic)} exactly like production, but for one letter: ${visibleJson(lookAlike)}`);
  });
});
