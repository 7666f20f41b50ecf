/**
 * Node ids in number order (node2 before node10). One collator for every comparison: calling
 * `localeCompare` with options builds one per call, which at 1,000 nodes cost ~100 ms a frame.
 */
export const byNodeId = new Intl.Collator('en', { numeric: true }).compare;
