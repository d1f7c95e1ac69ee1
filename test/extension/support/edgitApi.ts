// Access to the running extension's own objects (what `activate` returns) for the suites.
import { inspect } from 'node:util';
import * as vscode from 'vscode';
import type { EdgitExtensionApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'edgit-vscode.edgit-vscode';

export async function edgitApi(): Promise<EdgitExtensionApi> {
  const extension = vscode.extensions.getExtension<EdgitExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls `probe` until it returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : inspect(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
