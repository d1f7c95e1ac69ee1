import * as vscode from 'vscode';
import { formatReference } from '../../engine';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor, slotFor } from './componentTarget';
import { CANCELLED, CommandResult, done } from './results';

/**
 * `edgit.copyReference`: copies `prompts/extraction@v1.0.0` (or `@production`) to the clipboard,
 * the way the CLI and Conductor name a reference. Arguments: a node, an `edgit:` URI, or
 * `{ repositoryRoot, componentKey, version? | environment? }`; missing parts are picked.
 * Returns CommandResult<{ reference }>.
 */
export async function copyReference(ctx: CommandContext, arg: unknown): Promise<CommandResult<{ reference: string }>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Copy Reference');
  if (!choice) return CANCELLED;
  const slot = await slotFor(choice, target, `Copy Reference: ${choice.component.id}`, 'Reference which version or environment?');
  if (!slot) return CANCELLED;
  const reference = formatReference(choice.component.id, slot.ref);
  await vscode.env.clipboard.writeText(reference);
  vscode.window.setStatusBarMessage(`Copied ${reference}`, 3000);
  return done({ reference });
}
