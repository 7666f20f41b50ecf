/** The string with each lone surrogate replaced by U+FFFD, so it can be percent-encoded (String#toWellFormed, ES2024). */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
