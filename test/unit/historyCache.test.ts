import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DeploymentHistory, Git, HISTORY_REF, loadHistory } from '../../src/engine';
import { readHistoryCache } from '../../src/engine/cache/historyCache';
import { columnIndex, decodeTable, encodeTable } from '../../src/engine/cache/tableCodec';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, deploy, seedRepo } from '../helpers/historyFixtures';

function historyFile(repo: TestRepo): string {
  const dir = path.join(repo.dir, '.git', 'edgit', 'cache');
  const name = readdirSync(dir).find((f) => f.startsWith('history-') && !f.endsWith('.tmp'));
  assert.ok(name, 'a history cache file exists');
  return path.join(dir, name);
}

function plain(h: DeploymentHistory): unknown {
  return { tips: h.tips, problems: h.problems, events: h.events };
}

async function assertSameAsWithout(repo: TestRepo, what: string): Promise<DeploymentHistory> {
  const git = new Git(repo.dir);
  const without = await loadHistory(git, { cache: false });
  const cached = await loadHistory(git);
  assert.deepEqual(plain(cached), plain(without), `${what}: the cached history differs`);
  return cached;
}

/** The git commands a load runs. */
async function commandsOf(repo: TestRepo): Promise<string[][]> {
  const calls: string[][] = [];
  const off = Git.onCommand((e) => calls.push([...e.args]));
  try {
    await loadHistory(new Git(repo.dir));
  } finally {
    off();
  }
  return calls;
}

async function threeBatches(): Promise<TestRepo> {
  const repo = seedRepo();
  await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0']]);
  await deploy(repo, '2026-02-02T09:00:00Z', [[E, 'production', 'v1.1.0']], { reason: 'INC-1 "quoted"\ttab' });
  await deploy(repo, '2026-02-03T09:00:00Z', [[E, 'production', 'v1.0.0']], { action: 'rollback' });
  return repo;
}

describe('history cache: parsed events keyed by the history ref’s commit', () => {
  after(cleanupTempDirs);

  it('answers exactly as a full read, and a warm load runs no git log', async () => {
    const repo = await threeBatches();
    await assertSameAsWithout(repo, 'cold');
    const calls = await commandsOf(repo);
    assert.ok(!calls.some((c) => c[0] === 'rev-list'), `no history read when warm: ${calls.map((c) => c[0]).join(', ')}`);
    await assertSameAsWithout(repo, 'warm');
  });

  it('when the ref moved forward, reads only the commits added (rev-list new --not cached)', async () => {
    const repo = await threeBatches();
    await loadHistory(new Git(repo.dir));
    const cachedTip = repo.refValue(HISTORY_REF)!;
    await deploy(repo, '2026-02-04T09:00:00Z', [[A, 'staging', 'v2.0.0']]);
    const logs = (await commandsOf(repo)).filter((c) => c[0] === 'rev-list');
    assert.equal(logs.length, 1);
    assert.deepEqual(logs[0].slice(logs[0].indexOf('--not')), ['--not', cachedTip, '--'], 'only what was added');
    const h = await assertSameAsWithout(repo, 'extended');
    assert.equal(h.latest(A, 'staging')?.toVersion, 'v2.0.0');
    assert.deepEqual((await readHistoryCache(new Git(repo.dir), HISTORY_REF))?.tips, [repo.refValue(HISTORY_REF)], 'the cache was rewritten');
  });

  it('when the cached commit is not an ancestor of the ref, reads everything', async () => {
    const repo = await threeBatches();
    await loadHistory(new Git(repo.dir));
    const first = repo.git('rev-list', '--max-parents=0', HISTORY_REF);
    repo.git('update-ref', HISTORY_REF, first); // rewound (by hand, or a fetch from a rewritten remote)
    const logs = (await commandsOf(repo)).filter((c) => c[0] === 'rev-list');
    assert.equal(logs.length, 1);
    assert.ok(!logs[0].includes('--not'), 'a full read');
    const h = await assertSameAsWithout(repo, 'rewound');
    assert.equal(h.latest(E, 'production')?.toVersion, 'v1.0.0');
    assert.equal(h.timeline(E, 'production').length, 1, 'the rewound events are gone from the answer');
    await deploy(repo, '2026-02-05T09:00:00Z', [[A, 'canary', 'v1.1.0']]);
    assert.equal((await assertSameAsWithout(repo, 'then extended')).latest(A, 'canary')?.toVersion, 'v1.1.0');
  });

  for (const [name, spoil] of [
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 30)],
    ['corrupt (one byte changed)', (b: Buffer) => Buffer.from(b.toString('latin1').replace('production', 'pr0duction'), 'latin1')],
    ['of another version', (b: Buffer) => Buffer.from(b.toString('latin1').replace(/^edgit-cache history (\d+)/, (_m, v: string) => `edgit-cache history ${Number(v) + 7}`), 'latin1')],
    ['garbage', () => Buffer.from('{"not":"a cache"}')],
  ] as const) {
    it(`a cache file that is ${name} is ignored, the answer is right, and the file is rebuilt`, async () => {
      const repo = await threeBatches();
      await loadHistory(new Git(repo.dir));
      const file = historyFile(repo);
      writeFileSync(file, spoil(readFileSync(file)));
      assert.equal(await readHistoryCache(new Git(repo.dir), HISTORY_REF), undefined, 'refused');
      await assertSameAsWithout(repo, name);
      assert.ok(await readHistoryCache(new Git(repo.dir), HISTORY_REF), 'rebuilt');
    });
  }

  it('one table codec for every cache: strings stored once, numbers, booleans and nulls as they are; anything else refused', () => {
    const columns = { kind: 's', atMs: 'n', dated: 'b', reason: 's' } as const;
    const records = [
      { kind: 'recorded', atMs: 1, dated: true, reason: null },
      { kind: 'observed', atMs: -86_400_000.5, dated: false, reason: 'ü ☃ "q"\ttab' },
      { kind: 'recorded', atMs: 3, dated: null, reason: 'recorded' },
    ];
    const body = encodeTable(columns, records, { tips: ['x'] });
    const decoded = decodeTable(body, columns);
    assert.ok(decoded);
    const at = columnIndex(columns);
    const rows = decoded.rows;
    const read = Array.from({ length: rows.rows }, (_, r) => ({ kind: rows.string(r, at.kind), atMs: rows.number(r, at.atMs), dated: rows.boolean(r, at.dated), reason: rows.string(r, at.reason) }));
    assert.deepEqual(read, records);
    assert.deepEqual(decoded.meta, { tips: ['x'] });
    assert.equal(body.toString('utf8').split('recorded').length - 1, 1, 'a repeated string is stored once');
    assert.equal(decodeTable(body, { ...columns, extra: 's' }), undefined, 'other columns');
    // The values: float64 from the first 8-byte boundary after the header.
    const valueAt = (i: number) => (((4 + body.readUInt32LE(0) + 7) & ~7) + i * 8);
    const spoiled = Buffer.from(body);
    spoiled.writeDoubleLE(99, valueAt(0));
    assert.equal(decodeTable(spoiled, columns), undefined, 'a string index out of range');
    spoiled.writeDoubleLE(0, valueAt(0));
    spoiled.writeDoubleLE(7, valueAt(2));
    assert.equal(decodeTable(spoiled, columns), undefined, 'a boolean that is not 0 or 1');
    assert.equal(decodeTable(body.subarray(0, body.length - 3), columns), undefined, 'strings cut short');
  });
});
