/**
 * A webhook body with one value changed, for tests that a handler refuses
 * tampering: the first string leaf (never a `signature` field) gets
 * `-tampered` appended, and the JSON is written back compactly.
 *
 * @example
 * const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: tamperWebhookBody(delivery.body) })
 * expect(response.status).toBe(400)
 */
export function tamperWebhookBody(rawBody: string): string {
  let done = false;
  const walk = (v: unknown, key: string): unknown => {
    if (done || key === 'signature') return v;
    if (typeof v === 'string') {
      done = true;
      return `${v}-tampered`;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, String(i)));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return JSON.stringify(walk(JSON.parse(rawBody), ''));
}
