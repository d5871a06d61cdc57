/**
 * The simulator's own decimal arithmetic on Conomy amount strings (major
 * units), kept apart from the adapter's conversion on purpose: a
 * misunderstanding in one shows up against the other.
 */

const pattern = /^(\d+)(?:\.(\d+))?$/;

/** Scaled integer of a decimal string at `digits` fraction digits; undefined when it does not fit. */
export function toScaled(value: unknown, digits: number): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const match = pattern.exec(value);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return undefined;
  return BigInt(`${match[1]}${fraction.padEnd(digits, '0')}`);
}

/** A scaled integer as a decimal string with exactly `digits` fraction digits. */
export function fromScaled(value: bigint, digits: number): string {
  const text = value.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** `"12.50"` as `"12.5"`, `"10.00"` as `"10"`: the shortest form of the same amount. */
export function trimDecimal(value: string): string {
  if (!value.includes('.')) return value;
  const trimmed = value.replace(/0+$/, '');
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
