// package.json declares each language model tool VS Code shows; the core (src/agentTools) defines
// it. These hold the declarations to the core, so nobody keeps them in step by hand.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AGENT_TOOLS } from '../../src/agentTools';
import { editorInputSchema, editorModelDescription } from '../../src/extension/agentTools/toolManifest';

interface Declared {
  readonly name: string;
  readonly displayName?: string;
  readonly modelDescription?: string;
  readonly userDescription?: string;
  readonly toolReferenceName?: string;
  readonly canBeReferencedInPrompt?: boolean;
  readonly icon?: string;
  readonly tags?: readonly string[];
  readonly when?: string;
  readonly inputSchema?: unknown;
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { languageModelTools: Declared[]; languageModelToolSets: { name: string; tools: string[] }[] };
};
const declared = manifest.contributes.languageModelTools;

describe('language model tools declared in package.json', () => {
  it('every tool of the core is declared with its title, description and input schema (plus the editor\'s repository, less the CLI\'s confirmation word)', () => {
    assert.deepEqual(declared.map((d) => d.name).sort(), AGENT_TOOLS.map((t) => t.name).sort());
    for (const tool of AGENT_TOOLS) {
      const entry = declared.find((d) => d.name === tool.name);
      assert.ok(entry, `${tool.name} is declared`);
      assert.equal(entry.displayName, tool.title, `${tool.name}: displayName`);
      assert.equal(entry.modelDescription, editorModelDescription(tool), `${tool.name}: modelDescription`);
      assert.deepEqual(entry.inputSchema, editorInputSchema(tool), `${tool.name}: inputSchema`);
      if (tool.moves) assert.ok(entry.tags?.includes('moves') && entry.when === 'isWorkspaceTrusted', `${tool.name}: moves, only in a trusted workspace`);
      else assert.ok(entry.tags?.includes('read-only') && !entry.when, `${tool.name}: read-only, in every workspace`);
      assert.ok(!JSON.stringify(entry.inputSchema).includes('"confirm"'), `${tool.name}: VS Code asks the person itself`);
    }
  });

  it('each declaration has what VS Code shows: a reference name, a description for people, an icon, the edgit tag; and the tool set lists them all', () => {
    const names = declared.map((d) => d.name);
    assert.equal(new Set(names).size, names.length, 'no name twice');
    for (const d of declared) {
      assert.match(d.name, /^edgit_[a-z_]+$/);
      assert.match(d.toolReferenceName ?? '', /^edgit[A-Z]\w+$/, `${d.name}: toolReferenceName`);
      assert.equal(d.canBeReferencedInPrompt, true, `${d.name}: canBeReferencedInPrompt`);
      assert.ok(d.userDescription && d.displayName && d.modelDescription, `${d.name}: descriptions`);
      assert.match(d.icon ?? '', /^\$\([a-z-]+\)$/, `${d.name}: icon`);
      assert.ok(d.tags?.includes('edgit'), `${d.name}: tags`);
      // A moving tool only where git may run: registered once the workspace is trusted.
      if (d.tags?.includes('moves')) assert.equal(d.when, 'isWorkspaceTrusted', `${d.name}: when`);
    }
    assert.deepEqual(manifest.contributes.languageModelToolSets.flatMap((s) => s.tools).sort(), [...names].sort());
  });
});
