'use client';

import { useEffect, useRef, useState } from 'react';
import type { MessageFocus } from '../lib/browser/message-focus';
import type { NetworkClient } from '../lib/browser/network-client';
import { DiagramController } from '../lib/browser/space-time/diagram-controller';
import type { TimeOrder } from '../lib/browser/space-time/layout';
import { lifelineLabels } from '../lib/browser/space-time/lifeline-labels';
import { MAX_LIFELINES, type LifelineChoice } from '../lib/browser/space-time/lifelines';
import { installTestHookPart } from '../lib/browser/test-hook';

interface Props {
  client: NetworkClient;
  focus: MessageFocus;
  /** Nodes selected on the graph: the send selection and the group. */
  selected: readonly string[];
  onTapNode: (id: string) => void;
}

const CHOICES: Array<{ value: LifelineChoice; label: string }> = [
  { value: 'all', label: `All nodes (first ${MAX_LIFELINES})` },
  { value: 'busiest', label: `Busiest ${MAX_LIFELINES}` },
  { value: 'selected', label: 'Selected on the graph' },
];

/**
 * The space-time diagram: a lifeline per node, time flowing down, each message an arrow from its
 * send to its receipt (a cross when it failed). The canvas is driven by DiagramController, outside
 * React; this component holds the controls and the lifelines' headers.
 */
export function SpaceTimeDiagram({ client, focus, selected, onTapNode }: Props) {
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const spacerRef = useRef<HTMLDivElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const controllerRef = useRef<DiagramController | null>(null);
  const [choice, setChoice] = useState<LifelineChoice>(() => ((client.view?.nodes.size ?? 0) > MAX_LIFELINES ? 'busiest' : 'all'));
  const [order, setOrder] = useState<TimeOrder>('wall');
  const [following, setFollowing] = useState(true);
  const [lifelines, setLifelines] = useState<{ lines: Array<{ node: string; x: number }>; columnWidth: number; leftOut: number }>({
    lines: [],
    columnWidth: 0,
    leftOut: 0,
  });
  const [hover, setHover] = useState<{ text: string; x: number; y: number }>();
  const tapRef = useRef(onTapNode);
  useEffect(() => {
    tapRef.current = onTapNode;
  });

  useEffect(() => {
    const controller = new DiagramController(client, focus, scrollerRef.current!, spacerRef.current!, canvasRef.current!, {
      onLifelines: (lines, columnWidth, leftOut) => setLifelines({ lines, columnWidth, leftOut }),
      onHover: setHover,
      onFollowing: setFollowing,
      onTapNode: (id) => tapRef.current(id),
    });
    controllerRef.current = controller;
    const uninstall = installTestHookPart({
      diagram: () => controller.picture(),
      revealArrow: (id) => controller.revealArrow(id),
      diagramStats: () => ({ ...controller.stats }),
    });
    return () => {
      uninstall();
      controller.destroy();
      controllerRef.current = null;
    };
  }, [client, focus]);

  const selectedKey = selected.join(',');
  useEffect(() => {
    controllerRef.current?.configure({ choice, order, selected: selectedKey ? selectedKey.split(',') : [] });
  }, [choice, order, selectedKey]);

  const labels = lifelineLabels(
    lifelines.lines.map((line) => line.node),
    lifelines.columnWidth,
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-2 py-1.5 text-xs">
        <label className="flex items-center gap-1 text-slate-400">
          Lifelines
          <select
            aria-label="Lifelines"
            value={choice}
            onChange={(e) => setChoice(e.target.value as LifelineChoice)}
            className="rounded border border-slate-600 bg-slate-900 px-1 py-0.5 text-slate-200"
          >
            {CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {lifelines.leftOut > 0 && (
          <span
            className="text-amber-300"
            title="The panel is too narrow for more lifelines: widen the window, or pick the nodes to show with 'Selected on the graph'"
          >
            {lifelines.leftOut} more do not fit
          </span>
        )}
        <div role="group" aria-label="Order" className="flex overflow-hidden rounded border border-slate-600">
          {(['wall', 'logical'] as const).map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={order === value}
              onClick={() => setOrder(value)}
              className={`px-2 py-0.5 ${order === value ? 'bg-slate-700 text-slate-100' : 'bg-slate-900 text-slate-400 hover:text-slate-200'}`}
              title={value === 'wall' ? 'Wall-clock order: as each node’s clock says' : 'Logical order: by Lamport clock, every receipt below its send'}
            >
              {value === 'wall' ? 'Wall clock' : 'Logical (Lamport)'}
            </button>
          ))}
        </div>
        <button
          type="button"
          aria-pressed={following}
          onClick={() => controllerRef.current?.follow()}
          className={`ml-auto rounded px-2 py-0.5 ${following ? 'bg-emerald-900 text-emerald-200' : 'bg-amber-700 text-amber-50 hover:bg-amber-600'}`}
          title={following ? 'Following the present: scroll up to hold the picture still' : 'Back to the present'}
        >
          {following ? 'Following' : 'Follow ↓'}
        </button>
      </div>
      {choice === 'selected' && lifelines.lines.length === 0 && (
        <p className="px-2 py-1 text-xs text-slate-400">Select nodes on the graph (click, shift-click) to give them lifelines.</p>
      )}
      <div className="relative h-6 shrink-0 overflow-hidden border-b border-slate-800" aria-label="Lifelines drawn" role="group">
        {lifelines.lines.map(({ node, x }) => (
          <button
            key={node}
            type="button"
            aria-label={`Lifeline ${node}`}
            title={`${node}: click to select it`}
            onClick={() => onTapNode(node)}
            style={{ left: x - lifelines.columnWidth / 2, width: lifelines.columnWidth }}
            className="absolute top-0.5 truncate rounded px-0.5 text-center font-mono text-[11px] text-slate-300 hover:bg-slate-800"
          >
            {labels.get(node) ?? node}
          </button>
        ))}
      </div>
      <div ref={scrollerRef} data-testid="space-time-scroll" className="relative min-h-0 flex-1 overflow-y-auto overflow-x-hidden">
        <div ref={spacerRef} className="relative">
          <canvas ref={canvasRef} role="img" aria-label="Space-time diagram" className="sticky top-0 block" />
        </div>
      </div>
      {hover && (
        <div
          role="tooltip"
          style={{ left: hover.x + 12, top: hover.y + 12 }}
          className="pointer-events-none fixed z-50 max-w-sm rounded border border-slate-600 bg-slate-900/95 px-2 py-1 text-xs text-slate-200 shadow"
        >
          {hover.text}
        </div>
      )}
    </div>
  );
}
