/** One element (or an id lookup, which may be empty), as far as classes go. */
interface Classed {
  hasClass(cls: string): boolean;
  toggleClass(cls: string, on?: boolean): unknown;
  empty(): boolean;
}

/**
 * Sets or clears a class only where that changes something: Cytoscape's `toggleClass(c, false)`
 * (and `addClass`, `removeClass`) restyle and emit for every element given, changed or not.
 */
export function setClass(element: Classed, cls: string, on: boolean): void {
  if (!element.empty() && element.hasClass(cls) !== on) element.toggleClass(cls, on);
}
