import { ComponentInfo, isVersionSlot } from '../../engine';
import { EdgitRefKind } from './edgitUri';

/** A point in a component's life a document can show. */
export interface SlotRef {
  readonly kind: EdgitRefKind;
  readonly ref: string;
}

/** Where a ref points now: its commit (null when it points nowhere) and the label for titles. */
export interface ResolvedSlot {
  readonly commit: string | null;
  /** The version at that commit, when one is known. */
  readonly version: string | null;
  /** `v1.0.0`, `production → v1.0.0`, `a1b2c3d4e5`: no `/`, fit for a tab title. */
  readonly label: string;
}

const COMMIT = /^[0-9a-f]{7,64}$/;

/** Reads a typed slot: a version (`v1.0.0`), an environment of the component, or a commit id. */
export function parseSlot(component: ComponentInfo | undefined, text: string): SlotRef {
  const ref = text.trim();
  if (isVersionSlot(ref, component?.layout)) return { kind: 'version', ref };
  if (component?.environments.some((e) => e.name === ref)) return { kind: 'environment', ref };
  if (COMMIT.test(ref)) return { kind: 'commit', ref };
  return { kind: 'environment', ref };
}

/** Where a slot of a component points in the current snapshot. */
export function resolveSlot(component: ComponentInfo | undefined, slot: SlotRef): ResolvedSlot {
  switch (slot.kind) {
    case 'version': {
      const v = component?.versions.find((x) => x.version === slot.ref);
      return { commit: v?.commit ?? null, version: v?.version ?? null, label: v ? v.version : `${slot.ref} · no such version` };
    }
    case 'environment': {
      const e = component?.environments.find((x) => x.name === slot.ref);
      if (!e) return { commit: null, version: null, label: `${slot.ref} · no such environment` };
      const at = e.version ?? (e.commit ? e.commit.slice(0, 10) : 'nothing');
      return { commit: e.commit, version: e.version, label: `${e.name} → ${at}` };
    }
    case 'commit': {
      const version = component?.versions.find((v) => v.commit === slot.ref || v.commit.startsWith(slot.ref))?.version ?? null;
      const short = slot.ref.slice(0, 10);
      return { commit: slot.ref, version, label: version ? `${short} · ${version}` : short };
    }
  }
}
