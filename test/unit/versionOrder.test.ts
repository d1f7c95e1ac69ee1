import * as assert from 'node:assert/strict';
import { bumpVersion, compareVersions } from '../../src/engine';

describe('version order and bump', () => {
  it('sorts by semver precedence, not alphabetically', () => {
    const sorted = ['v1.2.0', 'v1.10.0', 'v1.2.0-rc.2', 'v1.2.0-rc.10', 'v1.2.0-rc.1', 'v0.9.0', 'v1.2.0-alpha', 'v1.2.0-rc'].sort(
      (a, b) => compareVersions(b, a),
    );
    assert.deepEqual(sorted, ['v1.10.0', 'v1.2.0', 'v1.2.0-rc.10', 'v1.2.0-rc.2', 'v1.2.0-rc.1', 'v1.2.0-rc', 'v1.2.0-alpha', 'v0.9.0']);
  });

  it('bumps like `edgit tag bump`', () => {
    assert.equal(bumpVersion('v1.2.3', 'major'), 'v2.0.0');
    assert.equal(bumpVersion('v1.2.3', 'minor'), 'v1.3.0');
    assert.equal(bumpVersion('v1.2.3', 'patch'), 'v1.2.4');
    assert.equal(bumpVersion('v1.2.3-rc.1', 'patch'), 'v1.2.3');
    assert.equal(bumpVersion('v1.2.3-rc.1', 'prerelease'), 'v1.2.3-rc.2');
    assert.equal(bumpVersion('v1.2.3-rc', 'prerelease'), 'v1.2.3-rc.1');
    assert.equal(bumpVersion('v1.2.3', 'prerelease'), 'v1.2.4-0');
    assert.equal(bumpVersion(undefined, 'patch'), 'v0.0.1');
  });
});
