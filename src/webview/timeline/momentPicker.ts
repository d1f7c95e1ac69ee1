import type { FromPage } from '../../extension/timeline/protocol';
import type { PageElements } from './elements';
import { MIN_WINDOW_MS, PageModel } from './model';
import { fromLocalInput, toLocalInput, zoneLabel } from './time';

/** How long the slider waits, while dragged, before asking for the state at its moment. */
const DRAG_PAUSE_MS = 120;

/**
 * The moment and the window: the datetime input, the slider over the shown window, Now, the
 * previous/next change, and zoom. Moving the moment asks the extension for the state then.
 */
export class MomentPicker {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly model: PageModel,
    private readonly els: PageElements,
    private readonly post: (m: FromPage) => void,
    private readonly keep: () => void,
    /** The shown window moved: the axis and the timelines are drawn again. */
    private readonly onWindowChange: () => void,
  ) {
    els.momentLabel?.setAttribute('title', zoneLabel());
    els.momentInput.addEventListener('change', () => {
      const ms = fromLocalInput(els.momentInput.value);
      if (Number.isFinite(ms)) this.setMoment(ms, true);
    });
    els.slider.addEventListener('input', () => this.setMoment(Number(els.slider.value)));
    els.slider.addEventListener('change', () => this.setMoment(Number(els.slider.value), true));
    els.nowButton.addEventListener('click', () => this.setMoment(null, true));
    els.prevButton.addEventListener('click', () => {
      const ms = model.currentMoment();
      const before = model.changeMoments().filter((m) => m < ms);
      if (before.length) this.setMoment(before[before.length - 1], true);
    });
    els.nextButton.addEventListener('click', () => {
      const ms = model.currentMoment();
      const after = model.changeMoments().find((m) => m > ms);
      if (after !== undefined) this.setMoment(after, true);
    });
    els.zoomIn.addEventListener('click', () => this.zoom(1 / 3));
    els.zoomOut.addEventListener('click', () => this.zoom(3));
    els.zoomFit.addEventListener('click', () => this.zoom(Infinity));
  }

  /** Moves the moment (null: now); asks the extension for the state then (after a pause while dragging). */
  setMoment(ms: number | null, now = false): void {
    if (ms !== null && !Number.isFinite(ms)) return;
    const model = this.model;
    model.atMs = ms === null ? null : Math.round(ms);
    // A moment outside the zoomed window (picked in the list or typed): move the window to it.
    const target = model.currentMoment();
    if (model.view && model.state && (target < model.view.startMs || target > model.view.endMs)) {
      const width = model.view.endMs - model.view.startMs;
      const startMs = Math.max(model.state.span.startMs, Math.min(model.state.span.endMs - width, target - width / 2));
      model.view = { startMs: Math.round(startMs), endMs: Math.round(startMs + width) };
      this.onWindowChange();
    }
    this.keep();
    this.show();
    if (this.timer) clearTimeout(this.timer);
    const send = (): void => {
      this.timer = undefined;
      if (model.atMs === null) this.post({ type: 'ready', atMs: null, filter: model.filter });
      else this.post({ type: 'setMoment', atMs: model.atMs });
    };
    if (now) send();
    else this.timer = setTimeout(send, DRAG_PAUSE_MS);
  }

  /** Zooms around the moment by `factor` (< 1: in; Infinity: the whole span). */
  zoom(factor: number): void {
    const model = this.model;
    if (!model.state) return;
    const span = model.state.span;
    const w = model.windowOf();
    const width = Math.max(MIN_WINDOW_MS, (w.endMs - w.startMs) * factor);
    if (width >= span.endMs - span.startMs) {
      model.view = null;
    } else {
      const center = Math.max(w.startMs, Math.min(w.endMs, model.currentMoment()));
      const startMs = Math.max(span.startMs, Math.min(span.endMs - width, center - width / 2));
      model.view = { startMs: Math.round(startMs), endMs: Math.round(startMs + width) };
    }
    this.keep();
    this.onWindowChange();
    this.show();
  }

  /** Shows the moment in the input, on the slider and on every timeline's marker. */
  show(): void {
    const { model, els } = this;
    const ms = model.currentMoment();
    els.momentInput.value = toLocalInput(ms);
    const w = model.windowOf();
    if (model.state) {
      els.slider.min = String(w.startMs);
      els.slider.max = String(w.endMs);
      els.slider.step = '1000';
      els.slider.value = String(Math.max(w.startMs, Math.min(w.endMs, ms)));
    }
    els.nowButton.disabled = model.atMs === null;
    const outside = ms < w.startMs || ms > w.endMs;
    for (const marker of els.timelines.querySelectorAll<HTMLElement>('.marker')) {
      marker.style.left = `${model.pct(ms)}%`;
      marker.classList.toggle('outside', outside);
    }
  }
}
