import { fromProvider, PaymentLinkException } from '@paylinks/core';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 21, item 6: `list(query).toArray({ limit })` against the HSA simulator (cursor pages),
// with the HTTP requests counted from the client's own `request` events.

let sim: Awaited<ReturnType<typeof startHsaSimulator>>;

beforeAll(async () => {
  sim = await startHsaSimulator();
  const links = fromProvider(hsaProvider(sim.adapterSettings()));
  for (let i = 0; i < 7; i++) {
    await links.create({
      reference: `inv-${i}`,
      amount: { amount: 1000 + i, currency: 'USD' },
      description: `Invoice ${i}`,
      successUrl: 'https://shop.example/thanks',
      lineItems: [{ id: `sku-${i}`, name: 'Seat', quantity: 1, unitAmount: 1000 + i }],
    });
  }
});
afterAll(() => sim.close());

function countedClient() {
  const links = fromProvider(hsaProvider(sim.adapterSettings()));
  const requests: string[] = [];
  links.on('request', (e) => requests.push(`${e.method} ${e.urlTemplate}`));
  return { links, requests };
}

describe('list(query).toArray({ limit }) on the HSA simulator', () => {
  it('asks for no page past the one that reaches the limit', async () => {
    const { links, requests } = countedClient();
    const three = await links.list({ limit: 2 }).toArray({ limit: 3 });
    expect(three).toHaveLength(3);
    expect(requests).toHaveLength(2); // pages of 2: the second page reaches 3
    const all = countedClient();
    expect(await all.links.list({ limit: 2 }).toArray({ limit: 500 })).toHaveLength(7);
    expect(all.requests).toHaveLength(4); // 2 + 2 + 2 + 1, and the last page has no cursor
  });

  it('refuses a bad limit naming the field, before any request', async () => {
    const { links, requests } = countedClient();
    const thrown = await links
      .list()
      .toArray({ limit: 0 })
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PaymentLinkException);
    expect((thrown as PaymentLinkException).error).toMatchObject({ _tag: 'ValidationError', field: 'limit' });
    expect(requests).toEqual([]);
  });
});
