/**
 * Equal strings stored once, for compact encodings (cache files, webview messages): each string
 * gets the index of its first occurrence in `strings`. No imports: the timeline page bundles it too.
 */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}
