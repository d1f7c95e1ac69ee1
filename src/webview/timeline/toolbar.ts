import type { FromPage, TimelineState } from '../../extension/timeline/protocol';
import { clear } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';

/**
 * The toolbar: Compare with now, Recreate in environment…, Refresh, the filters, the busy state
 * and the status line.
 */
export class Toolbar {
  constructor(
    private readonly model: PageModel,
    private readonly els: PageElements,
    private readonly post: (m: FromPage) => void,
    /** The filter changed (already kept in the model). */
    private readonly onFilterChange: () => void,
  ) {
    els.compareButton.addEventListener('click', () => post({ type: 'compareWithNow', atMs: model.currentMoment() }));
    els.recreateButton.addEventListener('click', () => {
      const source = els.recreateSelect.value;
      if (source) post({ type: 'recreate', atMs: model.currentMoment(), sourceEnvironment: source });
    });
    els.recreateSelect.addEventListener('change', () => {
      model.recreateSource = els.recreateSelect.value || null;
    });
    els.refreshButton.addEventListener('click', () => post({ type: 'refresh' }));
    const filterChanged = (): void => {
      model.filter = { environment: els.envFilter.value || null, componentKey: els.componentFilter.value || null };
      this.onFilterChange();
    };
    els.envFilter.addEventListener('change', filterChanged);
    els.componentFilter.addEventListener('change', filterChanged);
  }

  /** Fills the selects from a new state (keeping the filter and the recreate source when they still exist). */
  showState(state: TimelineState): void {
    const { model, els } = this;
    els.title.textContent = `Deployment timeline · ${state.repository.name}`;
    const envs = state.environments.map((e) => ({ value: e, text: e }));
    fillSelect(els.envFilter, 'All environments', envs, model.filter.environment);
    fillSelect(
      els.componentFilter,
      'All components',
      state.components.map((c) => ({ value: c.key, text: c.legacy ? `${c.id} (legacy)` : c.id, group: c.namespace })),
      model.filter.componentKey,
    );
    const source = model.recreateSource;
    const preferred = source && state.environments.includes(source) ? source : state.environments.includes('production') ? 'production' : null;
    fillSelect(els.recreateSelect, '', envs, preferred);
  }

  setBusy(on: boolean, what: string | null): void {
    const { model, els } = this;
    model.busy = on;
    for (const b of [els.compareButton, els.recreateButton, els.refreshButton]) b.disabled = on || !model.state;
    document.body.classList.toggle('busy', on);
    if (on) this.setStatus('info', `${what || 'Working'}…`);
    else if (els.status.dataset.level === 'info' && els.status.textContent?.endsWith('…')) this.setStatus('info', '');
  }

  setStatus(level: 'info' | 'error', message: string): void {
    this.els.status.dataset.level = level;
    this.els.status.textContent = message;
  }
}

interface Choice {
  readonly value: string;
  readonly text: string;
  /** Options with a group go into an <optgroup> of that label (consecutive ones share it). */
  readonly group?: string;
}

/** Replaces a select's options (the "all" option first when `allText`), selecting `selected` when offered. */
function fillSelect(select: HTMLSelectElement, allText: string, options: readonly Choice[], selected: string | null): void {
  clear(select);
  if (allText) select.appendChild(new Option(allText, ''));
  let group: HTMLOptGroupElement | null = null;
  for (const o of options) {
    if (o.group === undefined) {
      group = null;
      select.appendChild(new Option(o.text, o.value));
      continue;
    }
    if (!group || group.label !== o.group) {
      group = document.createElement('optgroup');
      group.label = o.group;
      select.appendChild(group);
    }
    group.appendChild(new Option(o.text, o.value));
  }
  select.value = selected !== null && options.some((o) => o.value === selected) ? selected : allText ? '' : (options[0]?.value ?? '');
}
