import * as assert from 'node:assert/strict';
import { escapeJsonText, escapeUntrusted, nameWarning, unmistakableName } from '../../src/engine/untrustedText';

/** Any character a terminal or a text renderer would not show as itself. */
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARACTER = /[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/u;

describe('untrusted text', () => {
  describe('escapeUntrusted', () => {
    it('writes C0 controls, DEL and C1 controls as visible escapes', () => {
      assert.equal(escapeUntrusted('a\x1b]0;title\x07b'), 'a\\x1b]0;title\\x07b');
      assert.equal(escapeUntrusted('x\r\x1b[2Ky'), 'x\\r\\x1b[2Ky');
      assert.equal(escapeUntrusted('tab\there\0'), 'tab\\there\\x00');
      assert.equal(escapeUntrusted('del\x7f c1\x9b csi \x85'), 'del\\x7f c1\\x9b csi \\x85');
    });

    it('writes format characters (bidi, zero-width, BOM) and line separators as \\u escapes', () => {
      assert.equal(escapeUntrusted('a\u202eb'), 'a\\u202eb');
      assert.equal(escapeUntrusted('\u2066\u2067\u2068\u2069'), '\\u2066\\u2067\\u2068\\u2069');
      assert.equal(escapeUntrusted('pro\u200bduction\ufeff'), 'pro\\u200bduction\\ufeff');
      assert.equal(escapeUntrusted('\u200e\u200f\u202a\u202b\u202c\u202d'), '\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d');
      assert.equal(escapeUntrusted('line\u2028para\u2029'), 'line\\u2028para\\u2029');
      // Outside the BMP: the Unicode tag characters (Cf) that can hide text.
      assert.equal(escapeUntrusted('x\u{e0041}'), 'x\\u{e0041}');
      // A lone surrogate (JSON "\ud800" read from the history).
      assert.equal(escapeUntrusted('a\ud800b'), 'a\\ud800b');
    });

    it('escapes line breaks in a value, and keeps them in whole output when asked', () => {
      const forged = 'ok\n::error::forged';
      assert.equal(escapeUntrusted(forged), 'ok\\n::error::forged');
      assert.equal(escapeUntrusted(forged, { keepNewlines: true }), forged);
      assert.equal(escapeUntrusted('a\r\nb', { keepNewlines: true }), 'a\\r\nb');
    });

    it('leaves printable text as it is, non-ASCII letters, arrows and backslashes included', () => {
      const text = 'prompts/extraction · production: v1.0.0 → v1.1.0 “ok” café 日本 \\x1b';
      assert.equal(escapeUntrusted(text), text);
      assert.equal(escapeUntrusted(text, { keepNewlines: true }), text);
    });

    it('leaves nothing hidden, whatever it is given, and is stable when applied twice', () => {
      let all = '';
      for (let c = 0; c < 0x3000; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCharCode(c);
      const once = escapeUntrusted(all);
      assert.doesNotMatch(once, HIDDEN_CHARACTER);
      assert.equal(escapeUntrusted(once), once);
      const kept = escapeUntrusted(all, { keepNewlines: true });
      assert.doesNotMatch(kept.replace(/\n/g, ''), HIDDEN_CHARACTER);
      assert.equal(kept.split('\n').length, 2);
    });
  });

  describe('nameWarning', () => {
    it('says nothing about names Edgit writes', () => {
      for (const name of ['production', 'prompts/extraction', 'v1.2.0-rc.1', 'components/prompts/extraction/ring_0', 'a.b-c']) {
        assert.equal(nameWarning(name), undefined, name);
      }
    });

    it('names a Cyrillic look-alike and its code point', () => {
      const w = nameWarning('pr\u043eduction');
      assert.ok(w);
      assert.deepEqual(w.characters, [{ codePoint: 0x43e, notation: 'U+043E', kind: 'non-ascii' }]);
      assert.equal(w.summary, 'U+043E (non-ASCII)');
    });

    it('names bidi and zero-width characters as invisible, controls as controls, each once', () => {
      const w = nameWarning('\u202enoitcudorp\u200b\u202e\x1b\x9b');
      assert.ok(w);
      assert.deepEqual(
        w.characters.map((c) => [c.notation, c.kind]),
        [
          ['U+202E', 'invisible'],
          ['U+200B', 'invisible'],
          ['U+001B', 'control'],
          ['U+009B', 'control'],
        ],
      );
      assert.equal(w.summary, 'U+202E (invisible format character), U+200B (invisible format character), U+001B (control character), U+009B (control character)');
    });

    it('flags any non-ASCII character, and keeps its summary short', () => {
      assert.equal(nameWarning('café')?.characters[0].notation, 'U+00E9');
      assert.equal(nameWarning('x\u{1d5ee}')?.characters[0].notation, 'U+1D5EE');
      const many = nameWarning('\u0430\u0431\u0432\u0433\u0434\u0435\u0436');
      assert.ok(many);
      assert.equal(many.characters.length, 7);
      assert.match(many.summary, /^U\+0430 \(non-ASCII\), .*U\+0434 \(non-ASCII\) and 2 more$/);
    });
  });

  describe('unmistakableName', () => {
    it('writes every character outside printable ASCII as an escape', () => {
      assert.equal(unmistakableName('pr\u043eduction'), 'pr\\u043eduction');
      assert.notEqual(unmistakableName('pr\u043eduction'), 'production');
      assert.equal(unmistakableName('\u202enoitcudorp'), '\\u202enoitcudorp');
      assert.equal(unmistakableName('a\nb\x1b'), 'a\\nb\\x1b');
      assert.equal(unmistakableName('caf\u00e9'), 'caf\\xe9');
      assert.equal(unmistakableName('x\u{1d5ee}'), 'x\\u{1d5ee}');
    });

    it('leaves names Edgit writes unchanged, and doubles a backslash so no name can pass for an escape', () => {
      assert.equal(unmistakableName('components/prompts/extraction/production'), 'components/prompts/extraction/production');
      assert.equal(unmistakableName('pr\\u043eduction'), 'pr\\\\u043eduction');
      assert.notEqual(unmistakableName('pr\\u043eduction'), unmistakableName('pr\u043eduction'));
    });
  });

  describe('escapeJsonText', () => {
    it('gives JSON that parses to exactly the same values, with no hidden character in its text', () => {
      const value = { reason: 'x\x1b]0;t\x07\r\x1b[2K\n::error::forged \u202e', by: 'Ev\x9bil\u2028\u{e0041}', plain: 'v1.0.0 → café' };
      const text = escapeJsonText(JSON.stringify(value, null, 2));
      assert.deepEqual(JSON.parse(text), value);
      assert.doesNotMatch(text.replace(/\n/g, ''), HIDDEN_CHARACTER);
      assert.match(text, /\\u202e/);
      assert.match(text, /→ café/);
    });
  });
});
