import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestRepo, tempDir } from './gitRepo';

/**
 * A bare remote whose `post-receive` hook appends each push it accepted to a log: one `push`
 * line, then its ref updates (`old new ref`). So a test can tell what each push carried.
 * Optionally, right after its n-th push, the remote moves a tag as a teammate would (a
 * `git update-ref` there), so the next push with a lease on that tag is refused.
 */
export interface RecordingRemote {
  readonly remote: TestRepo;
  /** The pushes the remote accepted, in order: the refs each updated, as the hook saw them. */
  pushes(): { ref: string; old: string; new: string }[][];
  /** Right after the n-th push from now (1: the next one), the remote moves `ref` to `value`. */
  moveAfterPushes(n: number, ref: string, value: string): void;
  /** Right after the n-th push from now, a teammate appends a commit with this message to the remote's refs/edgit/history. */
  appendHistoryAfterPushes(n: number, message: string): void;
  /** Forgets the pushes logged so far (e.g. the one that published the repository). */
  clear(): void;
}

export function recordingRemote(): RecordingRemote {
  const remote = TestRepo.init(undefined, { bare: true });
  const dir = tempDir('edgit-hook-');
  const log = path.join(dir, 'pushes.log');
  const teammate = path.join(dir, 'teammate.sh');
  const hook = path.join(remote.dir, 'hooks', 'post-receive');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      // One write per push (O_APPEND), so pushes landing at the same moment never interleave their lines.
      `updates=$(cat); printf 'push\\n%s\\n' "$updates" >> '${log}'`,
      // The teammate's move, once, after the push it waits for: its first line is how many pushes the log holds then.
      `if [ -f '${teammate}' ] && [ "$(grep -c '^push$' '${log}')" = "$(head -n 1 '${teammate}')" ]; then s=$(tail -n +2 '${teammate}'); rm -f '${teammate}'; eval "$s"; fi`,
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
  return {
    remote,
    pushes() {
      if (!existsSync(log)) return [];
      const out: { ref: string; old: string; new: string }[][] = [];
      for (const line of readFileSync(log, 'utf8').split('\n')) {
        if (line === 'push') out.push([]);
        else if (line.trim()) {
          const [old, value, ref] = line.split(' ');
          out[out.length - 1].push({ ref, old, new: value });
        }
      }
      return out;
    },
    moveAfterPushes(n: number, ref: string, value: string) {
      if (!/^refs\/[\w./-]+$/.test(ref) || !/^[0-9a-f]{40}$/.test(value)) throw new Error(`not a ref and object: ${ref} ${value}`);
      writeFileSync(teammate, `${this.pushes().length + n}\ngit update-ref '${ref}' '${value}'\n`);
    },
    appendHistoryAfterPushes(n: number, message: string) {
      const file = path.join(dir, 'teammate-message.txt');
      writeFileSync(file, message);
      const script = [
        `c=$(git commit-tree $(git mktree </dev/null) -p $(git rev-parse refs/edgit/history) -F '${file}')`,
        'git update-ref refs/edgit/history "$c"',
      ];
      writeFileSync(teammate, `${this.pushes().length + n}\n${script.join('\n')}\n`);
    },
    clear() {
      writeFileSync(log, '');
    },
  };
}
