import * as assert from 'node:assert/strict';
import { iconSafeName, iconSafeText, markedName, nameWarningLine, nameWarningLines, notificationLine, notificationText } from '../../src/extension/untrustedLabels';

/** VS Code's reading of `$(icon)` in labels (iconLabels.ts): an unescaped one becomes an icon. */
const RENDERED_ICON = /(?<!\\)\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
/** The links VS Code makes in a notification's message (linkedText.ts). */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

describe('untrusted labels in the editor', () => {
  it('text from data renders no icon in a quick pick or the status bar, and keeps no hidden character', () => {
    assert.doesNotMatch(iconSafeText('$(loading~spin) deploying $(shield)'), RENDERED_ICON);
    assert.equal(iconSafeText('$(shield) x'), '\\$(shield) x');
    assert.equal(iconSafeText('a\u202eb\x1b'), 'a\\u202eb\\x1b');
    assert.equal(iconSafeText('Release extraction v1.0.0 (50% off)'), 'Release extraction v1.0.0 (50% off)');
    // An escape already in the data cannot undo ours: VS Code shows `\$(x)`, not an icon.
    assert.equal(iconSafeText('\\$(x)'), '\\\\$(x)');
  });

  it('a suspicious name gets a warning icon of ours after it; a plain one is unchanged', () => {
    assert.equal(iconSafeName('production'), 'production');
    assert.equal(iconSafeName('pr\u043eduction'), 'pr\u043eduction $(warning)');
    assert.equal(iconSafeName('$(shield)'), '\\$(shield)');
    assert.equal(markedName('pr\u043eduction'), 'pr\u043eduction ⚠');
    assert.equal(markedName('\u202enoitcudorp'), '\\u202enoitcudorp ⚠');
    assert.equal(markedName('staging'), 'staging');
  });

  it('the warning names the code points and shows the name unmistakably', () => {
    assert.equal(nameWarningLine('production'), undefined);
    assert.equal(nameWarningLine('pr\u043eduction'), 'Suspicious name "pr\\u043eduction": U+043E (non-ASCII). It may imitate another name.');
    assert.deepEqual(nameWarningLines(['production', 'pr\u043eduction', null, 'pr\u043eduction', 'v1.0.0']), [
      'Suspicious name "pr\\u043eduction": U+043E (non-ASCII). It may imitate another name.',
    ]);
  });

  it('a notification quoting data gets no link that runs a command and no hidden character', () => {
    const reason = 'see [the runbook](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)\u202e';
    assert.match(reason, NOTIFICATION_LINK);
    assert.doesNotMatch(notificationLine(reason), NOTIFICATION_LINK);
    assert.doesNotMatch(notificationText(reason), NOTIFICATION_LINK);
    assert.ok(notificationLine(reason).endsWith('\\u202e'));
    assert.equal(notificationLine('a\nb'), 'a\\nb');
    assert.equal(notificationText('a\nb'), 'a\nb');
  });
});
