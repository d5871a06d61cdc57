import { describe, expect, it } from 'vitest';

import { Customer, LineItem } from './model.js';
import { validCustomer, validLineItem } from './normalize.js';

describe('normalizing provider values into the model', () => {
  it('keeps only the customer fields the model accepts', () => {
    const customer = validCustomer({
      email: 'nope',
      firstName: 'Ana',
      lastName: 'x'.repeat(300),
      phone: null,
      address: { country: 'Chile', city: 'Santiago' },
    });
    expect(customer).toEqual({ firstName: 'Ana', address: { city: 'Santiago' } });
    expect(Customer.is(customer)).toBe(true);
    expect(validCustomer({ email: 'bad', firstName: ''.padEnd(300, 'y') })).toBeUndefined();
  });

  it('turns any provider line item into a valid LineItem, keeping what it can', () => {
    const cases = [
      validLineItem({ name: '', quantity: 1 as never, unitAmount: 100 as never, id: '' }, 0),
      validLineItem(
        { name: 'd'.repeat(300), quantity: 2 as never, unitAmount: 50 as never, description: 'ok' },
        1,
      ),
      validLineItem(
        { quantity: 1 as never, unitAmount: 5 as never, tax: { type: 'fixed', amount: 1, name: '' } },
        2,
      ),
      validLineItem(
        { name: 'Seat', quantity: 1 as never, unitAmount: 5 as never, tax: { type: 'vat', amount: 1 } },
        3,
      ),
    ];
    expect(cases.map((c) => LineItem.is(c))).toEqual([true, true, true, true]);
    expect(cases[0]).toEqual({ name: 'Item 1', quantity: 1, unitAmount: 100 });
    expect(cases[1]?.name).toHaveLength(255);
    expect(cases[1]?.description).toBe('ok');
    expect(cases[2]).toEqual({
      name: 'Item 3',
      quantity: 1,
      unitAmount: 5,
      tax: { type: 'fixed', amount: 1 },
    });
    expect(cases[3]?.tax).toBeUndefined();
  });
});
