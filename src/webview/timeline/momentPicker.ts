import type { FromPage } from '../../extension/timeline/protocol';
import { clockLabel, dayLabel } from './axis';
import type { PageElements } from './elements';
import { MIN_WINDOW_MS, PICK_ZOOM_HALF_MS, PageModel } from './model';
import { trackWidth } from './timelines';
import { exact, momentText, parseMomentText, readable, readableShort, zoneLabel, zoneShort } from './time';

/** How long the moment waits, while dragged on the axis, before asking for the state then. */
const DRAG_PAUSE_MS = 120;
/** How long typing pauses before a complete moment in the field is applied. */
const TYPING_PAUSE_MS = 700;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** About how wide a character of the axis is (11 px text). */
const CHAR_PX = 7;

export interface MomentOptions {
  /** Send at once instead of after a short pause (dragging sends after it). */
  readonly now?: boolean;
  /** A moment picked on purpose (typed, a move, an event, a click on a track): zoom around it when the window is wide. */
  readonly zoom?: boolean;
}

/**
 * The moment and the window: the moment field (24-hour text in the reader's zone, checked), Now,
 * the previous/next change, dragging on the axis, and zoom (in, out, ±1 h … ±3 d, the whole
 * history). Moving the moment asks the extension for the state then.
 */
export class MomentPicker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly model: PageModel,
    private readonly els: PageElements,
    private readonly post: (m: FromPage) => void,
    private readonly keep: () => void,
    /** The shown window moved: the axis and the timelines are drawn again. */
    private readonly onWindowChange: () => void,
  ) {
    els.momentLabel?.setAttribute('title', `Year-month-day and 24-hour time, ${zoneLabel()}`);
    const input = els.momentInput;
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.applyTyped(true);
      } else if (e.key === 'Escape') {
        input.value = momentText(model.currentMoment());
        this.hint('');
      }
    });
    input.addEventListener('change', () => this.applyTyped(true));
    input.addEventListener('input', () => {
      if (this.typingTimer !== undefined) clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.applyTyped(false), TYPING_PAUSE_MS);
    });
    input.addEventListener('blur', () => {
      const typed = parseMomentText(input.value);
      if (Number.isFinite(typed)) {
        // `2026-11-24T14:47:00` typed reads back as `2026-11-24 14:47`, as it is shown everywhere.
        if (typed === model.currentMoment()) input.value = momentText(typed);
        return;
      }
      // Left with text that is not a moment: it says so until corrected (Escape puts the moment back).
      this.hint(input.value.trim() ? 'Write a moment as 2026-11-24 14:47 (24-hour)' : '');
    });
    els.nowButton.addEventListener('click', () => this.setMoment(null, { now: true }));
    els.prevButton.addEventListener('click', () => {
      const ms = model.currentMoment();
      const before = model.changeMoments().filter((m) => m < ms);
      if (before.length) this.setMoment(before[before.length - 1], { now: true, zoom: true });
    });
    els.nextButton.addEventListener('click', () => {
      const ms = model.currentMoment();
      const after = model.changeMoments().find((m) => m > ms);
      if (after !== undefined) this.setMoment(after, { now: true, zoom: true });
    });
    els.zoomIn.addEventListener('click', () => this.zoom(1 / 3));
    els.zoomOut.addEventListener('click', () => this.zoom(3));
    els.zoomFit.addEventListener('click', () => this.zoom(Infinity));
    for (const preset of els.zoomPresets) {
      const half = Number(preset.dataset.halfHours) * HOUR;
      preset.addEventListener('click', () => {
        model.zoomAround(model.currentMoment(), half);
        this.windowMoved();
      });
    }
    this.scrubOn(els.axis);
  }

  /** The field's text as a moment: applied when complete and valid (`final`: Enter or leaving the field says so when it is not). */
  private applyTyped(final: boolean): void {
    if (this.typingTimer !== undefined) clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    const text = this.els.momentInput.value;
    const ms = parseMomentText(text);
    if (!Number.isFinite(ms)) {
      if (final) this.hint(text.trim() ? `"${text.trim().slice(0, 40)}" is not a moment: write it as 2026-11-24 14:47 (24-hour)` : '');
      return;
    }
    this.hint('');
    if (ms !== this.model.currentMoment()) this.setMoment(ms, { now: true, zoom: true });
    if (final) this.els.momentInput.value = momentText(ms);
  }

  private hint(text: string): void {
    this.els.momentHint.textContent = text;
    this.els.momentInput.setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  /** Pressing and dragging on the axis moves the moment (to the minute). */
  private scrubOn(axis: HTMLElement): void {
    let dragging = false;
    const at = (e: PointerEvent): number => {
      const box = axis.getBoundingClientRect();
      const ms = this.model.timeAt((e.clientX - box.left) / Math.max(1, box.width));
      return Math.round(ms / MINUTE) * MINUTE;
    };
    axis.addEventListener('pointerdown', (e) => {
      if (!this.model.state || e.button !== 0) return;
      dragging = true;
      axis.setPointerCapture(e.pointerId);
      this.setMoment(at(e));
    });
    axis.addEventListener('pointermove', (e) => {
      if (dragging) this.setMoment(at(e));
    });
    const end = (e: PointerEvent): void => {
      if (!dragging) return;
      dragging = false;
      this.setMoment(at(e), { now: true });
    };
    axis.addEventListener('pointerup', end);
    axis.addEventListener('pointercancel', end);
  }

  /** Moves the moment (null: now); asks the extension for the state then (after a pause while dragging). */
  setMoment(ms: number | null, options: MomentOptions = {}): void {
    if (ms !== null && !Number.isFinite(ms)) return;
    const model = this.model;
    model.atMs = ms === null ? null : Math.round(ms);
    const target = model.currentMoment();
    const w = model.windowOf();
    if (options.zoom && model.state && (!model.view || w.endMs - w.startMs > 2 * PICK_ZOOM_HALF_MS)) {
      // Picked on a wide window: zoom around it, so the moves near it are wide enough to read and click.
      model.zoomAround(target, PICK_ZOOM_HALF_MS);
      this.onWindowChange();
    } else if (model.view && model.state && (target < w.startMs || target > w.endMs)) {
      // Outside the zoomed window (typed, picked in the list): the window follows, as wide as it was.
      model.zoomAround(target, (w.endMs - w.startMs) / 2);
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
    if (options.now) send();
    else this.timer = setTimeout(send, DRAG_PAUSE_MS);
  }

  /** Zooms around the moment by `factor` (< 1: in; Infinity: the whole span). */
  zoom(factor: number): void {
    const model = this.model;
    if (!model.state) return;
    const w = model.windowOf();
    if (!Number.isFinite(factor)) model.view = null;
    else {
      const center = Math.max(w.startMs, Math.min(w.endMs, model.currentMoment()));
      model.zoomAround(center, Math.max(MIN_WINDOW_MS, (w.endMs - w.startMs) * factor) / 2);
    }
    this.windowMoved();
  }

  private windowMoved(): void {
    this.keep();
    this.onWindowChange();
    this.show();
  }

  /** Shows the moment in the field, on the axis and as the line across the timelines; which zoom is in force. */
  show(): void {
    const { model, els } = this;
    const ms = model.currentMoment();
    const input = els.momentInput;
    // Not while someone types a moment that is already the one shown (it would move their cursor).
    // Following now: to the minute, as the summary writes it.
    const shown = model.atMs === null ? Math.floor(ms / MINUTE) * MINUTE : ms;
    if (document.activeElement !== input || parseMomentText(input.value) !== shown) {
      input.value = momentText(shown);
      if (input.getAttribute('aria-invalid') === 'true') this.hint('');
    }
    els.momentZone.textContent = zoneShort(ms);
    els.momentZone.title = zoneLabel(ms);
    els.nowButton.disabled = model.atMs === null;
    const w = model.windowOf();
    const outside = !model.state || ms < w.startMs || ms > w.endMs;
    const fraction = model.pct(ms) / 100;
    els.momentLine.classList.toggle('outside', outside);
    els.momentLine.style.left = `calc(var(--label-w) + (100% - var(--label-w)) * ${fraction.toFixed(5)})`;
    let pill = els.axis.querySelector<HTMLElement>('.moment-pill');
    if (!pill) {
      pill = document.createElement('span');
      pill.className = 'moment-pill';
      els.axis.appendChild(pill);
    }
    const d = new Date(ms);
    pill.textContent = w.endMs - w.startMs > 2 * 24 * HOUR ? `${dayLabel(d)} ${clockLabel(d)}` : clockLabel(d);
    pill.title = `The moment: ${readable(ms)} (${exact(ms)})`;
    pill.style.left = `${(fraction * 100).toFixed(3)}%`;
    pill.classList.toggle('outside', outside);
    pill.classList.toggle('near-end', fraction > 0.9);
    pill.classList.toggle('near-start', fraction < 0.1);
    // The ticks the moment's label covers step aside (widths estimated: reading the layout here would force it).
    const px = trackWidth(model);
    const pillWidth = pill.textContent.length * CHAR_PX + 12;
    const pillLeft = fraction * px - (fraction > 0.9 ? pillWidth : fraction < 0.1 ? 0 : pillWidth / 2);
    for (const tick of els.axis.querySelectorAll<HTMLElement>('.tick')) {
      const width = (tick.textContent ?? '').length * CHAR_PX;
      const at = (parseFloat(tick.style.left) / 100) * px;
      const left = tick.classList.contains('at-start') ? at : tick.classList.contains('at-end') ? at - width : at - width / 2;
      tick.classList.toggle('covered', !outside && left + width > pillLeft - 6 && left < pillLeft + pillWidth + 6);
    }
    // The zoom in force: the preset whose width it is, or the whole history.
    const width = w.endMs - w.startMs;
    for (const preset of els.zoomPresets) {
      const on = !!model.view && Math.abs(width - 2 * Number(preset.dataset.halfHours) * HOUR) < 2000;
      preset.setAttribute('aria-pressed', String(on));
    }
    els.zoomFit.setAttribute('aria-pressed', String(!model.view));
    els.zoomFit.disabled = !model.view;
    els.zoomRange.textContent = model.state ? (model.view ? `${readableShort(w.startMs)} – ${readableShort(w.endMs)}` : `the whole history, ${readableShort(w.startMs)} – ${readableShort(w.endMs)}`) : '';
    els.zoomRange.title = model.state ? `${exact(w.startMs)} – ${exact(w.endMs)}` : '';
  }
}
