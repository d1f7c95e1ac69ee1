import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { ENV, readTestFixture } from '../harness/testEnvironment';

// publisher.name from package.json
const EXTENSION_ID = 'edgit-vscode.edgit-vscode';
const REPO_ROOT = path.resolve(__dirname, '../../..'); // out/test/extension → repo root

describe('Extension activation', () => {
  it('is installed from this repository in development mode', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.strictEqual(extension.extensionUri.fsPath, REPO_ROOT);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('opens the workspace the runner prepared', () => {
    const opened = process.env[ENV.workspace];
    assert.ok(opened, `${ENV.workspace} did not reach the extension host`);
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    const fixture = readTestFixture();
    if (!fixture) {
      // a workspace chosen with --workspace
      if (!opened.endsWith('.code-workspace')) assert.strictEqual(folders[0], opened);
      return;
    }
    assert.deepStrictEqual(folders, fixture.folders);
    assert.strictEqual(folders[0], fixture.edgit.repo);
    assert.strictEqual(vscode.workspace.workspaceFile?.fsPath, fixture.open.kind === 'workspace' ? fixture.open.path : undefined);
  });
});
