import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Git, ReferenceIndex, badMarks, globToRegExp, indexYamlText, loadHistory, loadSnapshot, parseComponentReference, pinsLeftBehind, planEnvironmentMove, resolveReference } from '../../src/engine';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';

/** prompts/analysis v1.8.0, v1.9.0, v2.0.0 and configs/validation v1.0.0; production and staging of analysis set with edgit-deploy. */
function repoWithComponents(): TestRepo {
  const repo = TestRepo.init();
  ['v1.8.0', 'v1.9.0', 'v2.0.0'].forEach((v, i) => {
    repo.clock = `2026-01-0${i + 1}T10:00:00Z`;
    repo.commitFile('components/prompts/analysis.md', `analysis ${v}\n`);
    repo.tagVersion(A, v);
  });
  repo.commitFile('components/configs/validation.yaml', 'strict: true\n');
  repo.tagVersion('components/configs/validation', 'v1.0.0');
  repo.clock = null;
  succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.9.0', '--yes']));
  succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'staging', 'v2.0.0', '--yes']));
  return repo;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

const FOLLOW = `name: follow
agents:
  - name: analyze
    operation: think
    config:
      prompt: prompts/analysis@production
      config: 'configs/validation@v1.0.0'
`;

const PINNED = `name: pinned
agents:
  - name: analyze
    config:
      prompt: "prompts/analysis@v2.0.0"
      schema: schemas/invoice@v1
`;

const ODD = `# the 1.0.x form, a partial version, latest, a range Conductor does not read, and a nested name
agents:
  - config:
      prompt: prompt://analysis@v1.9.0
      query: prompts/analysis@v2
  - config: { prompt: prompts/analysis@latest, template: templates/email/welcome@latest }
  - config:
      schema: prompts/analysis@^2.0.0
      text: |
        prompts/analysis@v1.8.0 inside a block is prose
      mail: ana@example.com
      mime: text/plain
`;

describe('component references: the grammar Conductor reads', () => {
  it('reads type/name@slot, the legacy protocol form, and a bare type/name only under a key Conductor resolves', () => {
    const r = parseComponentReference('prompts/analysis@production');
    assert.deepEqual(
      r && [r.form, r.type, r.name, r.slot, r.slotKind, r.componentId, r.canonical, r.conductorReads, r.componentKey, r.tag],
      ['path', 'prompts', 'analysis', 'production', 'environment', 'prompts/analysis', 'prompts/analysis@production', true, A, `${A}/production`],
    );
    assert.equal(parseComponentReference('prompts/analysis@v2.0.0')?.slotKind, 'version');
    // A partial version is a slot like any other: an environment to the tag grammar.
    assert.deepEqual([parseComponentReference('queries/q@v2')?.slotKind, parseComponentReference('queries/q@v2')?.tag], ['environment', 'components/queries/q/v2']);
    const legacy = parseComponentReference('prompt://analyst@v1.0.0');
    assert.deepEqual(legacy && [legacy.form, legacy.canonical, legacy.tag], ['legacy-uri', 'prompts/analyst@v1.0.0', 'components/prompts/analyst/v1.0.0']);
    assert.equal(parseComponentReference('kv://welcome@latest')?.canonical, 'templates/welcome@latest');
    assert.equal(parseComponentReference('template://header')?.canonical, 'templates/header@latest');
    assert.equal(parseComponentReference('https://example.com/x@y'), null);
    assert.equal(parseComponentReference('prompts/analysis'), null);
    assert.equal(parseComponentReference('prompts/analysis', 'prompt')?.canonical, 'prompts/analysis@latest');
    assert.equal(parseComponentReference('text/plain', 'prompt'), null);
    assert.equal(parseComponentReference('agents/x@v1.0.0'), null, 'seven types only');
    assert.equal(parseComponentReference('ana@example.com'), null);
    // Conductor passes these on as literal text: shown, never sent to git.
    const range = parseComponentReference('schemas/order@^2.0.0');
    assert.deepEqual(range && [range.conductorReads, range.tag], [false, null]);
    // A name with "/": the resolver reads it, no tag can publish it.
    const nested = parseComponentReference('templates/email/welcome@latest');
    assert.deepEqual(nested && [nested.conductorReads, nested.componentKey, nested.tag], [true, null, null]);
    // Names git refuses never become a tag.
    for (const hostile of ['prompts/a..b@v1.0.0', 'prompts/x@v1.0.0.lock', 'prompts/x@production.', 'prompts/x@production\u202e']) {
      assert.equal(parseComponentReference(hostile)?.tag ?? null, null, hostile);
    }
  });

  it('globs: ** any folders, * one name, {a,b} either', () => {
    const g = globToRegExp('ensembles/**/*.{yaml,yml}');
    assert.ok(g.test('ensembles/a.yaml') && g.test('ensembles/x/y/b.yml'));
    assert.ok(!g.test('ensembles/a.json') && !g.test('agents/a.yaml') && !g.test('ensembles.yaml'));
    assert.ok(globToRegExp('**/node_modules/**').test('agents/node_modules/x/a.yaml'));
  });
});

describe('component references: the index', () => {
  after(cleanupTempDirs);

  it('finds each reference with its key, line, column and range; block scalars, keys, mails and MIME types are not references', () => {
    const file = indexYamlText('ensembles/odd.yaml', ODD);
    assert.equal(file.problem, null);
    assert.deepEqual(
      file.references.map((s) => [s.reference.text, s.key, s.line, s.column, s.endLine, s.endColumn]),
      [
        ['prompt://analysis@v1.9.0', 'prompt', 4, 15, 4, 39],
        ['prompts/analysis@v2', 'query', 5, 14, 5, 33],
        ['prompts/analysis@latest', 'prompt', 6, 23, 6, 46],
        ['templates/email/welcome@latest', 'template', 6, 58, 6, 88],
        ['prompts/analysis@^2.0.0', 'schema', 8, 15, 8, 38],
      ],
    );
    // The offsets cut exactly the text out of the file, quotes left out.
    const pinned = indexYamlText('ensembles/pinned.yaml', PINNED).references[0];
    assert.equal(PINNED.slice(pinned.offset, pinned.endOffset), 'prompts/analysis@v2.0.0');
    assert.deepEqual([pinned.line, pinned.column], [5, 16]);
  });

  it('a malformed file gives one problem at its first error and no reference; no content throws', () => {
    const bad = indexYamlText('agents/bad.yaml', 'agents:\n  - config:\n      prompt: prompts/a@v1.0.0\n    - [unclosed\n  x: : y\n');
    assert.equal(bad.references.length, 0);
    assert.ok(bad.problem);
    assert.equal(bad.problem.file, 'agents/bad.yaml');
    assert.ok(bad.problem.line >= 2 && bad.problem.message.length > 0 && !bad.problem.message.includes('\n'));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = indexYamlText('ensembles/x.yaml', `prompt: prompts/a@v1.0.0\n${s}`);
        assert.ok(r.problem !== undefined && Array.isArray(r.references));
      }),
      { numRuns: 300 },
    );
    // Several documents in one file: each indexed.
    assert.equal(indexYamlText('ensembles/m.yaml', 'prompt: prompts/a@production\n---\nprompt: prompts/b@production\n').references.length, 2);
  });

  it("indexes ensembles/ and agents/ (or conductor.config.json's folders, or include/exclude globs), and one file again alone", async () => {
    const root = tempDir();
    write(root, 'ensembles/follow.yaml', FOLLOW);
    write(root, 'ensembles/deep/pinned.yml', PINNED);
    write(root, 'agents/broken.yaml', 'prompt: [prompts/a@v1.0.0\n');
    write(root, 'agents/node_modules/dep/x.yaml', FOLLOW);
    write(root, 'docs/not-in-scope.yaml', FOLLOW);
    write(root, 'flows/a.yaml', PINNED);
    const index = await ReferenceIndex.build(root);
    assert.deepEqual(index.allFiles().map((f) => f.file), ['agents/broken.yaml', 'ensembles/deep/pinned.yml', 'ensembles/follow.yaml']);
    assert.deepEqual(index.problems().map((p) => p.file), ['agents/broken.yaml']);
    assert.deepEqual(index.referencesTo('prompts/analysis').map((s) => `${s.file}:${s.line}`), ['ensembles/deep/pinned.yml:5', 'ensembles/follow.yaml:6']);

    // An edit: that file alone is read again; a deleted file leaves the index.
    write(root, 'ensembles/follow.yaml', FOLLOW.replace('@production', '@staging'));
    await index.reindexFile('ensembles/follow.yaml');
    assert.deepEqual(index.referencesTo('prompts/analysis', 'staging').map((s) => s.file), ['ensembles/follow.yaml']);
    rmSync(path.join(root, 'ensembles/deep/pinned.yml'));
    await index.reindexFile('ensembles/deep/pinned.yml');
    assert.deepEqual(index.referencesTo('prompts/analysis').map((s) => s.file), ['ensembles/follow.yaml']);
    assert.equal(await index.reindexFile('docs/not-in-scope.yaml'), undefined);
    // Unsaved text of an editor.
    index.setFileText('ensembles/follow.yaml', 'prompt: prompts/analysis@canary\n');
    assert.deepEqual(index.referencesTo('prompts/analysis').map((s) => s.reference.slot), ['canary']);

    write(root, 'conductor.config.json', JSON.stringify({ discovery: { ensembles: { directory: './flows/' }, agents: { directory: '../outside' } } }));
    const configured = await ReferenceIndex.build(root);
    assert.deepEqual(configured.allFiles().map((f) => f.file), ['agents/broken.yaml', 'flows/a.yaml']);
    const globbed = await ReferenceIndex.build(root, { include: ['**/*.yaml'], exclude: ['agents/**'] });
    assert.deepEqual(globbed.allFiles().map((f) => f.file), ['conductor.config.json', 'docs/not-in-scope.yaml', 'ensembles/follow.yaml', 'flows/a.yaml'].filter((f) => f.endsWith('.yaml')));
    write(root, 'conductor.config.json', '{ not json');
    const fallback = await ReferenceIndex.build(root);
    assert.match(fallback.scope.configProblem ?? '', /^conductor\.config\.json: /);
    assert.deepEqual(fallback.scope.include, ['ensembles/**/*.{yaml,yml}', 'agents/**/*.{yaml,yml}']);
  });

  it('worker threads read and index their own share exactly as this thread does: block scalars, quotes, anchors, flow maps, several documents, malformed, too large', async function () {
    this.timeout(120000);
    const corpus = [
      FOLLOW,
      PINNED,
      ODD,
      'base: &p prompts/analysis@production\nagents:\n  - config: { prompt: *p, schema: "schemas/invoice@v1" }\n',
      'prompt: prompts/a@production\n---\nprompt: \'prompts/b@v1.0.0\'\n...\n---\n- prompts/c@staging\n',
      'text: >\n  prompts/a@v1.0.0 folded\nlist: [prompts/a@v1.0.0, "prompts/b@v2.0.0"]\n',
      'prompt: [prompts/a@v1.0.0\n',
      'a: 1\na: prompts/a@v1.0.0\n',
      'name: no reference at all\n',
    ];
    const root = tempDir();
    const files: string[] = [];
    for (let f = 0; f < 420; f++) {
      const file = `${f % 2 ? 'ensembles' : 'agents'}/v${f}.yaml`;
      write(root, file, corpus[f % corpus.length]);
      files.push(file);
    }
    write(root, 'ensembles/huge.yaml', `prompt: prompts/a@v1.0.0\n# ${'x'.repeat(3 << 20)}\n`);
    mkdirSync(path.join(root, 'ensembles/folder.yaml'));
    const threaded = await ReferenceIndex.build(root, {}, { threads: 3 });
    const single = await ReferenceIndex.build(root, {}, { threads: 1 });
    assert.deepEqual(threaded.allFiles(), single.allFiles());
    for (const file of files) assert.deepEqual(threaded.get(file), indexYamlText(file, corpus[files.indexOf(file) % corpus.length]), file);
    assert.match(threaded.get('ensembles/huge.yaml')?.problem?.message ?? '', /larger than 2 MB/);
    assert.equal(threaded.get('ensembles/folder.yaml'), undefined);
    // The unclosed flow sequence and the duplicate key are one problem each, in every file that holds them.
    assert.deepEqual(corpus.map((text, i) => (indexYamlText(`ensembles/c${i}.yaml`, text).problem ? i : -1)).filter((i) => i >= 0), [6, 7]);
    assert.equal(threaded.problems().length, 1 + files.filter((_, f) => f % corpus.length === 6 || f % corpus.length === 7).length);
  });

  it('2,000 files with 20,000 references: indexed in one pass, each reference found', async function () {
    this.timeout(120000);
    const root = tempDir();
    for (let f = 0; f < 2000; f++) {
      let s = `name: e${f}\nagents:\n`;
      for (let i = 0; i < 10; i++) s += `  - name: a${i}\n    config:\n      model: m\n      prompt: prompts/p${(f * 10 + i) % 5000}@${i % 2 ? 'production' : 'v1.0.0'}\n`;
      write(root, `${f % 2 ? 'ensembles' : 'agents'}/g${f % 20}/e${f}.yaml`, s);
    }
    const index = await ReferenceIndex.build(root);
    assert.equal(index.references().length, 20000);
    // Worker threads (from 400 files on, where the machine has cores for them) give exactly what one thread gives.
    const oneThread = await ReferenceIndex.build(root, {}, { threads: 1 });
    assert.deepEqual(index.allFiles(), oneThread.allFiles());
    const threads = await ReferenceIndex.build(root, {}, { threads: 3 });
    assert.deepEqual(threads.allFiles(), oneThread.allFiles());
    // Timing is the bench's (npm run bench -- --only refs). One file read again after it changed on disk:
    write(root, 'ensembles/g1/e1.yaml', 'name: e1\nagents:\n  - name: a0\n    config:\n      prompt: prompts/changed@v9.0.0\n');
    await index.reindexFile('ensembles/g1/e1.yaml');
    assert.equal(index.references().length, 20000 - 10 + 1);
    assert.deepEqual(index.referencesTo('prompts/changed').map((s) => [s.file, s.line]), [['ensembles/g1/e1.yaml', 5]]);
  });
});

describe('component references: resolution against the tags and the bad marks', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('says what each reference loads now and what is wrong: missing tags, pinned bad versions, pins no environment serves, the legacy form', async () => {
    const repo = repoWithComponents();
    succeeded(runCli(repo, '2026-02-02T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'INC-311 one-word answers', '--yes']));
    const git = new Git(repo.dir);
    const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
    const marks = badMarks(history);
    const resolve = (text: string, key: string | null = null) => {
      const ref = parseComponentReference(text, key);
      assert.ok(ref, text);
      const r = resolveReference(ref, snapshot, marks);
      return { status: r.status, summary: r.summary, version: r.version, tagsAllow: r.tagsAllow, problems: r.problems.map((p) => [p.kind, p.severity]), messages: r.problems.map((p) => p.message), replacement: r.problems.find((p) => p.replacement)?.replacement };
    };
    const production = resolve('prompts/analysis@production');
    assert.deepEqual([production.status, production.summary, production.version, production.problems], ['environment', 'production → v1.9.0', 'v1.9.0', []]);
    // Staging serves the bad version: a warning, which verify leaves to its environment check.
    assert.deepEqual(resolve('prompts/analysis@staging').problems, [['bad-version', 'warning']]);

    const pinned = resolve('prompts/analysis@v2.0.0');
    assert.deepEqual([pinned.status, pinned.summary, pinned.problems], ['pinned', 'pinned v2.0.0', [['bad-version', 'warning'], ['pinned-differs', 'information']]]);
    assert.match(pinned.messages[0], /marked bad by Ana <ana@example\.com> at 2026-02-02T10:00:00Z: "INC-311 one-word answers"/);
    assert.match(pinned.messages[1], /production serves v1\.9\.0.*a rollback or deploy of production does not change this/);
    assert.deepEqual(resolve('configs/validation@v1.0.0').problems, [], 'a pin with no environment to differ from');

    const legacy = resolve('prompt://analysis@v1.9.0');
    assert.deepEqual([legacy.summary, legacy.problems[0], legacy.replacement], ['pinned v1.9.0', ['legacy-form', 'information'], 'prompts/analysis@v1.9.0']);

    const partial = resolve('prompts/analysis@v2');
    assert.deepEqual([partial.status, partial.tagsAllow, partial.problems], ['missing', 'v2.0.0', [['missing-slot', 'error']]]);
    assert.match(partial.messages[0], /No tag components\/prompts\/analysis\/v2.*the tags would allow v2\.0\.0, but Conductor matches the slot exactly/);
    assert.deepEqual([resolve('prompts/analysis@latest').tagsAllow, resolve('prompts/analysis', 'prompt').problems], ['v2.0.0', [['missing-slot', 'error'], ['unversioned', 'information']]]);
    assert.deepEqual(resolve('prompts/analysis@v3.0.0').problems, [['missing-slot', 'error']]);
    assert.deepEqual(resolve('schemas/invoice@v1').problems, [['missing-component', 'error']]);
    assert.deepEqual(resolve('templates/email/welcome@latest').problems, [['untaggable', 'error']]);
    assert.deepEqual(resolve('prompts/analysis@^2.0.0').problems, [['not-a-reference', 'warning']]);
  });
});

describe('edgit-deploy refs and verify', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  function repoWithEnsembles(): TestRepo {
    const repo = repoWithComponents();
    succeeded(runCli(repo, '2026-02-02T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'INC-311', '--yes']));
    // Staging off the bad version, so that the environment checks of verify pass.
    succeeded(runCli(repo, '2026-02-02T11:00:00Z', ['set', 'prompts/analysis', 'staging', 'v1.9.0', '--yes']));
    write(repo.dir, 'ensembles/follow.yaml', FOLLOW);
    write(repo.dir, 'ensembles/pinned.yaml', PINNED);
    write(repo.dir, 'ensembles/odd.yaml', ODD);
    return repo;
  }

  it('refs --json: every reference with file, line, column, slot, resolution and problems; COMPONENT[@SLOT] narrows it', () => {
    const repo = repoWithEnsembles();
    const all = JSON.parse(succeeded(runCli(repo, null, ['refs', '--json'])).stdout);
    assert.deepEqual(all.scope.include, ['ensembles/**/*.{yaml,yml}', 'agents/**/*.{yaml,yml}']);
    assert.deepEqual(
      all.references.map((r: { file: string; line: number; column: number; slot: string; resolution: { summary: string }; problems: { kind: string }[] }) => [r.file, r.line, r.column, r.slot, r.resolution.summary, r.problems.map((p) => p.kind)]),
      [
        ['ensembles/follow.yaml', 6, 15, 'production', 'production → v1.9.0', []],
        ['ensembles/follow.yaml', 7, 16, 'v1.0.0', 'pinned v1.0.0', []],
        ['ensembles/odd.yaml', 4, 15, 'v1.9.0', 'pinned v1.9.0', ['legacy-form']],
        ['ensembles/odd.yaml', 5, 14, 'v2', 'no tag components/prompts/analysis/v2', ['missing-slot']],
        ['ensembles/odd.yaml', 6, 23, 'latest', 'no tag components/prompts/analysis/latest', ['missing-slot']],
        ['ensembles/odd.yaml', 6, 58, 'latest', 'no tag can hold it', ['untaggable']],
        ['ensembles/odd.yaml', 8, 15, '^2.0.0', 'not read as a reference', ['not-a-reference']],
        ['ensembles/pinned.yaml', 5, 16, 'v2.0.0', 'pinned v2.0.0', ['bad-version', 'pinned-differs']],
        ['ensembles/pinned.yaml', 6, 15, 'v1', 'no tag components/schemas/invoice/…', ['missing-component']],
      ],
    );
    const legacy = all.references[2];
    assert.deepEqual([legacy.form, legacy.problems[0].replacement], ['legacy-uri', 'prompts/analysis@v1.9.0']);
    assert.deepEqual(all.references[7].problems[0].bad, { reason: 'INC-311', by: 'Ana <ana@example.com>', at: '2026-02-02T10:00:00.000Z' });

    const pins = JSON.parse(succeeded(runCli(repo, null, ['refs', 'prompts/analysis@v2.0.0', '--json'])).stdout);
    assert.deepEqual(pins.references.map((r: { file: string }) => r.file), ['ensembles/pinned.yaml']);
    const human = succeeded(runCli(repo, null, ['refs', 'prompts/analysis']));
    assert.match(human.stdout, /^ {2}ensembles\/pinned\.yaml:5:16 {2}prompts\/analysis@v2\.0\.0 {2}pinned v2\.0\.0\n {6}warning: Pinned to v2\.0\.0, marked bad by Ana/m);
    assert.match(human.stdout.replace(/\n {6}…/g, ' '), /^ {6}information: Pinned to v2\.0\.0 \(production serves v1\.9\.0, staging serves v1\.9\.0\): a rollback or deploy of production, staging does not change this\.$/m);
    assert.match(human.stdout, /^6 reference\(s\) to prompts\/analysis in 3 file\(s\): 2 error\(s\),\s2\swarning\(s\),\s2\snote\(s\)\.$/m);
  });

  it('what a file says is shown escaped: a bidi control in a reference or a path never reaches the terminal', () => {
    const repo = repoWithComponents();
    write(repo.dir, 'ensembles/hostile\u202e.yaml', 'prompt: "prompts/ana\u202elysis@production"\nschema: "schemas/x@v1\u001b[2J"\n');
    const human = succeeded(runCli(repo, null, ['refs']));
    assert.ok(!human.stdout.includes('\u202e') && !human.stdout.includes('\u001b'), human.stdout);
    assert.match(human.stdout, /ensembles\/hostile\\u202e\.yaml:1:10 {2}prompts\/ana\\u202elysis@production/);
    const json = JSON.parse(succeeded(runCli(repo, null, ['refs', '--json'])).stdout);
    assert.deepEqual(json.references.map((r: { text: string; conductorReads: boolean }) => [r.text, r.conductorReads]), [
      ['prompts/ana\u202elysis@production', false],
      ['schemas/x@v1\u001b[2J', false],
    ]);
  });

  it('verify fails on references to missing tags and pinned bad versions, each with file and line; --no-refs skips them', () => {
    const repo = repoWithEnsembles();
    const failed = runCli(repo, null, ['verify', '--json']);
    assert.equal(failed.code, 1, failed.stderr);
    const report = JSON.parse(failed.stdout);
    assert.deepEqual(report.problems, [], 'the environments themselves are fine');
    assert.deepEqual(
      report.references.problems.map((p: { file: string; line: number; text: string; failing: string[] }) => [p.file, p.line, p.text, p.failing]),
      [
        ['ensembles/odd.yaml', 5, 'prompts/analysis@v2', ['missing-slot']],
        ['ensembles/odd.yaml', 6, 'prompts/analysis@latest', ['missing-slot']],
        ['ensembles/odd.yaml', 6, 'templates/email/welcome@latest', ['untaggable']],
        ['ensembles/pinned.yaml', 5, 'prompts/analysis@v2.0.0', ['bad-version']],
        ['ensembles/pinned.yaml', 6, 'schemas/invoice@v1', ['missing-component']],
      ],
    );
    const human = runCli(repo, null, ['verify']);
    assert.equal(human.code, 1);
    assert.match(human.stderr, /^ {2}ensembles\/pinned\.yaml:5:16 {2}prompts\/analysis@v2\.0\.0 {2}pinned v2\.0\.0\n {6}warning: Pinned to v2\.0\.0, marked bad/m);
    assert.match(human.stderr, /^ {2}ensembles\/pinned\.yaml:6:15 {2}schemas\/invoice@v1\n {6}no tag components\/schemas\/invoice\/…\n {6}error: No tag of schemas\/invoice/m);
    assert.doesNotMatch(human.stderr, /pinned-differs|legacy|information:/, 'only what fails the gate');

    const skipped = succeeded(runCli(repo, null, ['verify', '--no-refs', '--json']));
    assert.deepEqual([JSON.parse(skipped.stdout).ok, JSON.parse(skipped.stdout).references], [true, null]);
    // Fixed: the gate passes and says how many references it checked.
    write(repo.dir, 'ensembles/odd.yaml', 'prompt: prompts/analysis@production\n');
    write(repo.dir, 'ensembles/pinned.yaml', 'prompt: prompts/analysis@v1.9.0\n');
    const ok = succeeded(runCli(repo, null, ['verify']));
    assert.match(ok.stdout.replace(/\n +/g, ' '), /and all 4 component reference\(s\) in the ensembles and agents name an existing tag and pin no bad version\./);
    // A malformed file fails the gate: its references are unknown.
    write(repo.dir, 'agents/broken.yaml', 'prompt: [prompts/analysis@v1.9.0\n');
    const broken = runCli(repo, null, ['verify']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^ {2}agents\/broken\.yaml:\d+:\d+ {2}unreadable YAML:/m);
  });
});

describe('component references: the pins a move leaves behind', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  const AGENT = `name: reviewer
config:
  prompt: prompts/analysis@v2.0.0
  fallback: prompts/analysis@v2.0.0
  then: prompts/analysis@staging
`;

  /** Staging at the bad v2.0.0, production at v1.9.0; an ensemble and an agent pin v2.0.0 (the agent twice), another follows production. */
  function repoWithPins(): TestRepo {
    const repo = repoWithComponents();
    write(repo.dir, 'ensembles/follow.yaml', FOLLOW);
    write(repo.dir, 'ensembles/pinned.yaml', PINNED);
    write(repo.dir, 'agents/reviewer.yaml', AGENT);
    return repo;
  }

  it('lists, per move, the references pinning the version the environment leaves; a move that leaves none gives nothing', async () => {
    const repo = repoWithPins();
    const git = new Git(repo.dir);
    const [snapshot, index] = await Promise.all([loadSnapshot(git), ReferenceIndex.build(repo.dir)]);
    const back = planEnvironmentMove(snapshot, 'prompts/analysis', 'staging', 'v1.9.0');
    const production = planEnvironmentMove(snapshot, 'prompts/analysis', 'production', 'v1.8.0');
    const found = pinsLeftBehind([production, back], index, snapshot);
    assert.equal(found.length, 1);
    const [pins] = found;
    assert.deepEqual([pins.componentId, pins.environment, pins.fromVersion, pins.toVersion, pins.files], ['prompts/analysis', 'staging', 'v2.0.0', 'v1.9.0', 2]);
    assert.deepEqual(
      pins.sites.map((s) => `${s.file}:${s.line}:${s.column}`),
      ['agents/reviewer.yaml:3:11', 'agents/reviewer.yaml:4:13', 'ensembles/pinned.yaml:5:16'],
    );
    assert.equal(pins.sentence, '1 agent and 1 ensemble (3 references) pin v2.0.0 directly: a rollback of staging does not change them.');

    // One file, one reference: said in the singular; a deploy is called one.
    write(repo.dir, 'agents/reviewer.yaml', 'name: reviewer\n');
    const [one] = pinsLeftBehind([back], await ReferenceIndex.build(repo.dir), snapshot);
    assert.equal(one.sentence, '1 ensemble pins v2.0.0 directly: a rollback of staging does not change it.');
    const up = planEnvironmentMove(snapshot, 'prompts/analysis', 'staging', 'v2.0.0');
    assert.deepEqual(pinsLeftBehind([up], index, snapshot), [], 'a move to the version it serves leaves nothing');
  });

  it('rollback --dry-run shows them under the move with file:line:column, and --json gives pinsLeftBehind, dry run or not', () => {
    const repo = repoWithPins();
    const dry = succeeded(runCli(repo, null, ['rollback', 'prompts/analysis', 'staging', 'v1.9.0', '--dry-run']));
    assert.match(dry.stdout, /^ {2}pinned: 1 agent and 1 ensemble \(3 references\) pin v2\.0\.0 directly: a rollback of staging does not change them\.$/m);
    assert.match(dry.stdout, /^ {4}ensembles\/pinned\.yaml:5:16 {2}prompts\/analysis@v2\.0\.0$/m);
    const json = (r: { stdout: string }) => (JSON.parse(r.stdout) as { pinsLeftBehind: { environment: string; files: number; references: { file: string; line: number }[] }[] }).pinsLeftBehind;
    const planned = json(succeeded(runCli(repo, null, ['rollback', 'prompts/analysis', 'staging', 'v1.9.0', '--dry-run', '--json'])));
    assert.deepEqual(planned.map((p) => [p.environment, p.files, p.references.map((r) => `${r.file}:${r.line}`)]), [['staging', 2, ['agents/reviewer.yaml:3', 'agents/reviewer.yaml:4', 'ensembles/pinned.yaml:5']]]);
    const done = json(succeeded(runCli(repo, '2026-02-03T10:00:00Z', ['rollback', 'prompts/analysis', 'staging', 'v1.9.0', '--yes', '--json'])));
    assert.deepEqual(done, planned);
    // A rollback of production (v1.9.0 → v1.8.0) leaves no pin behind: none is listed.
    const none = succeeded(runCli(repo, null, ['rollback', 'prompts/analysis', 'production', 'v1.8.0', '--dry-run']));
    assert.doesNotMatch(none.stdout, /pinned:/);
  });
});
