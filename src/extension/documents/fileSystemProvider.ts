import * as vscode from 'vscode';
import { ComponentInfo, isEdgitError } from '../../engine';
import { EdgitServices } from '../services';
import { ContentSource, contentSourceFor } from './contentSource';
import { EdgitDocumentRef, fromEdgitUri } from './edgitUri';
import { resolveSlot } from './refs';

const EMPTY = new Uint8Array(0);
const CACHE_LIMIT = 64;

interface Served {
  readonly bytes: Uint8Array;
  readonly mtime: number;
}

/** An environment document already served: the commit it showed, and its mtime (advanced on each move). */
interface Tracked {
  readonly uri: vscode.Uri;
  readonly ref: EdgitDocumentRef;
  commit: string | null;
  mtime: number;
}

/**
 * Read-only `edgit:` documents: a component's bytes at a version, environment or commit, straight
 * from git (binary-safe). A ref that points nowhere, or a commit without the file, reads as empty.
 * Documents naming an environment change when the environment moves: `onDidChangeFile` fires and
 * their mtime advances, so open editors reload.
 */
export class EdgitFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly content = new Map<string, Uint8Array>();
  private readonly environments = new Map<string, Tracked>();

  constructor(private readonly services: EdgitServices) {}

  watch(): vscode.Disposable {
    // Changes are pushed from the repositories' onDidChange (see environmentsMayHaveMoved).
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const served = await this.serve(uri);
    return { type: vscode.FileType.File, ctime: served.mtime, mtime: served.mtime, size: served.bytes.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.serve(uri)).bytes;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  /** Forgets an environment document that was closed. */
  forget(uri: vscode.Uri): void {
    this.environments.delete(uri.toString());
  }

  /** Fires onDidChangeFile for the open environment documents of `root` whose environment now points elsewhere. */
  async environmentsMayHaveMoved(root: string): Promise<void> {
    const tracked = [...this.environments.values()].filter((t) => t.ref.repo === root);
    if (!tracked.length) return;
    const snapshot = await contentSourceFor(this.services, root).snapshot();
    const moved = tracked.filter((t) => resolveSlot(snapshot.get(t.ref.component), t.ref).commit !== t.commit);
    if (moved.length) this.changed.fire(moved.map((t) => ({ type: vscode.FileChangeType.Changed, uri: t.uri })));
  }

  private async serve(uri: vscode.Uri): Promise<Served> {
    const ref = fromEdgitUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      const source = contentSourceFor(this.services, ref.repo);
      const component = (await source.snapshot()).get(ref.component);
      const resolved = resolveSlot(component, ref);
      const bytes = component && resolved.commit ? await this.bytesAt(source, ref.repo, component, resolved.commit) : EMPTY;
      return { bytes, mtime: this.mtimeOf(uri, ref, component, resolved.commit) };
    } catch (e) {
      if (e instanceof vscode.FileSystemError) throw e;
      throw vscode.FileSystemError.Unavailable(isEdgitError(e) ? e.userMessage : e instanceof Error ? e.message : String(e));
    }
  }

  private async bytesAt(source: ContentSource, root: string, component: ComponentInfo, commit: string): Promise<Uint8Array> {
    const key = `${root}\0${component.key}\0${commit}`;
    const cached = this.content.get(key);
    if (cached) return cached;
    const content = await source.files.contentAt(component, commit);
    const bytes = content.found ? new Uint8Array(content.bytes) : EMPTY;
    if (this.content.size >= CACHE_LIMIT) this.content.delete(this.content.keys().next().value as string);
    this.content.set(key, bytes);
    return bytes;
  }

  private mtimeOf(uri: vscode.Uri, ref: EdgitDocumentRef, component: ComponentInfo | undefined, commit: string | null): number {
    if (ref.kind === 'version') return dateOf(component?.versions.find((v) => v.version === ref.ref)?.date);
    if (ref.kind === 'commit') return 0;
    const key = uri.toString();
    const known = this.environments.get(key);
    if (!known) {
      const env = component?.environments.find((e) => e.name === ref.ref);
      const mtime = dateOf(env?.movedAt) || Date.now();
      this.environments.set(key, { uri, ref, commit, mtime });
      return mtime;
    }
    if (known.commit !== commit) {
      known.commit = commit;
      known.mtime = Math.max(Date.now(), known.mtime + 1);
    }
    return known.mtime;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function dateOf(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}
