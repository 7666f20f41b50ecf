'use client';

import { useState } from 'react';
import type { OverlayKind, OverlayState } from '@peerscope/protocol';
import { setOverlay } from '../lib/browser/actions';
import { overlayText } from '@peerscope/network-view';
import { ActionButton } from './ActionButton';
import { inputClass, NumberField, Section } from './fields';
import type { Notify } from './Toasts';

/** Who is whose neighbour: a full mesh, a partial view of k neighbours each, or a ring. */
export function OverlayControls({ overlay, notify }: { overlay: OverlayState; notify: Notify }) {
  const [kind, setKind] = useState<OverlayKind>(overlay.kind);
  const [k, setK] = useState(overlay.k);

  const apply = () => setOverlay({ kind, k }, notify);

  return (
    <Section title={`Overlay (now: ${overlayText(overlay)})`}>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-0.5 text-[11px] text-slate-400">
          Overlay
          <select
            aria-label="Overlay"
            title="Who is whose neighbour: everyone, k random neighbours each, or a ring"
            value={kind}
            onChange={(e) => setKind(e.target.value as OverlayKind)}
            className={inputClass}
          >
            <option value="full">full mesh</option>
            <option value="partial">partial view</option>
            <option value="ring">ring</option>
          </select>
        </label>
        <NumberField label="k" title="Neighbours per node in a partial view" value={k} min={1} max={20} onChange={setK} width="w-14" />
        <ActionButton title="Rebuild every node's neighbours with this overlay" onRun={apply}>
          Apply overlay
        </ActionButton>
      </div>
    </Section>
  );
}
