import * as vscode from 'vscode';

/** The scheme of read-only component documents: `edgit:/abs/repo/components/prompts/extraction.md?{…}`. */
export const EDGIT_SCHEME = 'edgit';

/** What a document's ref names: an immutable version, a mutable environment, or a commit. */
export type EdgitRefKind = 'version' | 'environment' | 'commit';

/**
 * Everything an `edgit:` URI says. The URI path is the component file's absolute path (so the
 * language mode follows the extension); the query is JSON, because `resourceLabelFormatters`
 * read `${query.label}` out of JSON queries only.
 */
export interface EdgitDocumentRef {
  /** Absolute path of the repository's top level. */
  readonly repo: string;
  /** Component key (`components/prompts/extraction`). */
  readonly component: string;
  readonly kind: EdgitRefKind;
  /** `v1.0.0`, `production` or a full commit id. */
  readonly ref: string;
  /** What the tab title shows in parentheses: `production → v1.0.0`, `v1.0.0`, `a1b2c3d4e5`. Never contains `/`. */
  readonly label: string;
}

/** Builds the URI of a component document; `filePath` is repo-relative (or the component name when it has no file). */
export function toEdgitUri(ref: EdgitDocumentRef, filePath: string): vscode.Uri {
  const query = JSON.stringify({ repo: ref.repo, component: ref.component, kind: ref.kind, ref: ref.ref, label: ref.label.replace(/\//g, '∕') });
  return vscode.Uri.joinPath(vscode.Uri.file(ref.repo), ...filePath.split('/')).with({ scheme: EDGIT_SCHEME, query });
}

/** Reads an `edgit:` URI, or undefined when it is not one of ours. */
export function fromEdgitUri(uri: vscode.Uri): EdgitDocumentRef | undefined {
  if (uri.scheme !== EDGIT_SCHEME || !uri.query) return undefined;
  try {
    const q = JSON.parse(uri.query) as Partial<Record<keyof EdgitDocumentRef, unknown>>;
    const kinds: readonly unknown[] = ['version', 'environment', 'commit'];
    if (typeof q.repo !== 'string' || typeof q.component !== 'string' || typeof q.ref !== 'string' || !kinds.includes(q.kind)) {
      return undefined;
    }
    return {
      repo: q.repo,
      component: q.component,
      kind: q.kind as EdgitRefKind,
      ref: q.ref,
      label: typeof q.label === 'string' ? q.label : q.ref,
    };
  } catch {
    return undefined;
  }
}

/** The repo-relative file path an `edgit:` URI shows (its path below the repository root). */
export function relativePathOf(uri: vscode.Uri, repo: string): string {
  const rootPath = vscode.Uri.file(repo).path.replace(/\/$/, '');
  return uri.path.startsWith(rootPath + '/') ? uri.path.slice(rootPath.length + 1) : uri.path.replace(/^\//, '');
}
