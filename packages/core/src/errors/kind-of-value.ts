/**
 * What kind of value a field held, for messages that must not quote it (a
 * field may hold a secret): `a string`, `an array`, `a fractional number`, `null`.
 */
export function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
