import type { FromPage, PageState } from '../../extension/timeline/protocol';

/** What VS Code hands a webview page (declared here: its only use, no package needed). */
export interface VsCodeApi {
  postMessage(message: FromPage): void;
  /** What the page kept with setState: untrusted (an older page may have written it). */
  getState(): unknown;
  setState(state: PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The page's link to the extension (acquireVsCodeApi may be called once per page). */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
