/** `a, b, c` for messages that list names, or `(none)`. */
export function listOrNone(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}
