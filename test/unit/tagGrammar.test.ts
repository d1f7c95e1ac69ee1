import * as assert from 'node:assert/strict';
import {
  EdgitError,
  parseTag,
  validateComponentName,
  validateEnvironmentName,
  validateVersionName,
} from '../../src/engine';

describe('tag grammar', () => {
  it('reads the current 4-level layout with version and environment slots as the CLI decides', () => {
    const v = parseTag('refs/tags/components/prompts/extraction/v1.0.0');
    assert.equal(v?.key, 'components/prompts/extraction');
    assert.equal(v?.namespace, 'prompts');
    assert.equal(v?.name, 'extraction');
    assert.equal(v?.slotKind, 'version');
    assert.equal(v?.legacy, false);
    assert.equal(parseTag('components/prompts/extraction/production')?.slotKind, 'environment');
    assert.equal(parseTag('logic/agents/classifier/staging')?.prefix, 'logic');
    assert.equal(parseTag('components/prompts/x/v1.2.0-rc.1')?.slotKind, 'version');
    assert.equal(parseTag('components/prompts/x/v1.2.0-rc_1.a')?.slotKind, 'version');
    // No "v": the CLI reads it as an environment. So do we.
    assert.equal(parseTag('components/prompts/x/1.0.0')?.slotKind, 'environment');
    // Build metadata is not a version for the CLI: it is an environment slot.
    assert.equal(parseTag('components/prompts/x/v1.0.0+build')?.slotKind, 'environment');
  });

  it('reads older layouts and marks them legacy', () => {
    const flat = parseTag('components/extraction/v1.0.0');
    assert.equal(flat?.legacy, true);
    assert.equal(flat?.layout, 'legacy-flat');
    assert.equal(parseTag('agents/classifier/production')?.legacy, true);
    const typed = parseTag('prompts/extraction-prompt/1.0.0');
    assert.equal(typed?.layout, 'legacy-typed');
    assert.equal(typed?.slotKind, 'version', 'v0.4.x made the v optional');
  });

  it('rejects tags that fit no layout', () => {
    for (const t of ['v1.0.0', 'release/2024', 'components/prompts/a/b/v1.0.0', 'other/prompts/x/v1.0.0', 'misc/x/v1.0.0']) {
      assert.equal(parseTag(t), undefined, t);
    }
  });

  it('validates environment names with a message that says what would be valid', () => {
    assert.equal(validateEnvironmentName('production-us-west'), 'production-us-west');
    assert.equal(validateEnvironmentName('ring-0'), 'ring-0');
    const cases: [string, RegExp][] = [
      ['v1.0.0', /is a version/],
      ['1.0.0', /Did you mean "v1.0.0"/],
      ['V1.0.0', /looks like a version/],
      ['prod env', /not a valid environment name/],
      ['-rf', /not a valid/],
      ['a..b', /not a valid/],
      ['x.lock', /not a valid/],
      ['', /empty/],
      ['a/b', /not a valid/],
    ];
    for (const [name, pattern] of cases) {
      assert.throws(
        () => validateEnvironmentName(name),
        (e: unknown) => e instanceof EdgitError && pattern.test(e.userMessage),
        name,
      );
    }
  });

  it('validates versions and component names', () => {
    assert.equal(validateVersionName('v1.2.0-rc.1'), 'v1.2.0-rc.1');
    assert.throws(() => validateVersionName('1.2.0'), /needs a leading "v"/);
    assert.throws(() => validateVersionName('v1.2'), /not a valid Edgit version/);
    assert.throws(() => validateComponentName('prompts', 'a/b'), /five levels/);
    assert.throws(() => validateComponentName('widgets', 'a'), /not an Edgit component type/);
    assert.doesNotThrow(() => validateComponentName('prompts', 'extraction'));
  });
});
