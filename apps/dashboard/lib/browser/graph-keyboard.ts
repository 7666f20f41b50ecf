import type { Core, NodeSingular } from 'cytoscape';
import { setClass } from './graph-classes';
import { ARROWS, nextInDirection, type Direction } from './graph-cursor';
import type { GraphHandlers } from './graph-input';
import { centreOn } from './graph-viewport';
import { byNodeId } from './node-order';

/**
 * Picking nodes without a mouse: the focused graph keeps a cursor on one node (drawn with the
 * `cursor` class); the arrow keys move it to the nearest node that way, Enter selects it as a
 * click would, Shift+Enter adds it to the group, and the context-menu key (or Shift+F10) opens its menu.
 */
export class GraphKeyboard {
  private id: string | undefined;

  constructor(
    private readonly cy: Core,
    private readonly handlers: () => GraphHandlers,
    private readonly announce: (text: string) => void,
  ) {}

  get cursor(): string | undefined {
    return this.id !== undefined && this.cy.getElementById(this.id).nonempty() ? this.id : undefined;
  }

  /** Handles one key on the focused graph; true when it was the graph's (the page should not act on it too). */
  onKey(key: string, shift: boolean, start: string | undefined): boolean {
    const direction = ARROWS[key];
    if (direction) {
      const current = this.cursor;
      // The first arrow puts the cursor on a node; the next ones move it.
      const next = current === undefined ? this.startAt(start) : this.neighbourOf(current, direction);
      if (next !== undefined) this.place(next);
      return true;
    }
    const cursor = this.cursor;
    if (cursor === undefined) return false;
    if (key === 'Enter') {
      if (shift) this.handlers().onToggleGroup(cursor);
      else this.handlers().onTapNode(cursor);
      return true;
    }
    if (key === 'ContextMenu' || (shift && key === 'F10')) {
      const box = this.cy.container()!.getBoundingClientRect();
      const { x, y } = this.node(cursor).renderedPosition();
      this.handlers().onContext({ kind: 'node', id: cursor }, box.left + x, box.top + y);
      return true;
    }
    return false;
  }

  private neighbourOf(id: string, direction: Direction): string | undefined {
    const points = this.cy.nodes().map((n) => ({ id: n.id(), ...n.position() }));
    return nextInDirection(points, { id, ...this.node(id).position() }, direction);
  }

  /** Where the cursor starts: the selected node, else the first by id. */
  private startAt(start: string | undefined): string | undefined {
    if (start !== undefined && this.cy.getElementById(start).nonempty()) return start;
    return this.cy
      .nodes()
      .map((n) => n.id())
      .sort(byNodeId)[0];
  }

  private node(id: string): NodeSingular {
    return this.cy.getElementById(id) as NodeSingular;
  }

  private place(id: string): void {
    if (this.id !== undefined) setClass(this.cy.getElementById(this.id), 'cursor', false);
    this.id = id;
    const node = this.node(id);
    setClass(node, 'cursor', true);
    const { x, y } = node.renderedPosition();
    if (x < 0 || y < 0 || x > this.cy.width() || y > this.cy.height()) centreOn(this.cy, id);
    this.announce(`${id}, ${String(node.data('status'))}: Enter selects, Shift+F10 for actions`);
  }
}
