/** Width of one character of the lifeline names (11 px monospace), and the button's padding. */
const CHAR_PX = 6.7;
const PADDING_PX = 4;

/**
 * The names over the lifelines: whole where the longest fits its column, else without the letters
 * every name starts with ("node"), so that nine lifelines in a laptop's panel read "1", "2", "9"
 * rather than "nod…" nine times. Digits are never dropped: "node10"…"node19" keep "10"…"19".
 */
export function lifelineLabels(nodes: readonly string[], columnWidth: number): Map<string, string> {
  const longest = Math.max(0, ...nodes.map((node) => node.length));
  const prefix = nodes.length > 1 && longest * CHAR_PX + PADDING_PX > columnWidth ? sharedLetters(nodes) : '';
  return new Map(nodes.map((node) => [node, node.slice(prefix.length) || node]));
}

/** The start all names share, cut back so that it ends before any digit. */
function sharedLetters(nodes: readonly string[]): string {
  let prefix = nodes[0]!;
  for (const node of nodes) while (!node.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.replace(/\d+$/, '');
}
