import { conomy } from '@paylinks/conomy';
import {
  fromProvider,
  isPaymentLinkError,
  type PaymentLinkError,
  PaymentLinkException,
  type PaymentLinks,
} from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';
import * as E from 'fp-ts/lib/Either.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';
import { documented } from './support/fixtures.js';
import { LeakAudit } from './support/leak-audit.js';
import { memoryHttpClient, type MemoryHttpClient } from './support/memory-http.js';
import { providers, recordResult, Tally, type ProviderId } from './support/results.js';

// Issue 7, part 4: a table of bad inputs for every field of every operation.
// Each must come back as a ValidationError naming the field, and no request
// may leave: an in-memory stand-in counts the requests it is handed, and a
// second provider on the real axios path runs with nock refusing every
// connection and counting every request it sees.

const now = new Date('2026-01-15T12:00:00Z');
const clock = () => now;
const invalidHost = 'https://api.reliability.invalid/v1';
const long = (n: number, c = 'a') => c.repeat(n);

type Patch = Readonly<Record<string, unknown>>;
type Operation = 'create' | 'get' | 'cancel' | 'activate' | 'delete' | 'list' | 'settings';

/** One row: how to call the operation with the bad input, and the field the error must name. */
interface Row {
  readonly operation: Operation;
  readonly name: string;
  readonly field: string;
  readonly call: (client: PaymentLinks) => Promise<E.Either<PaymentLinkError, unknown>>;
}

// --- valid inputs each row breaks one field of --------------------------------

const baseInput: Readonly<Record<ProviderId, Patch>> = {
  costplus: {
    reference: 'inv-1001',
    amount: { amount: 995, currency: 'EUR' },
    description: 'Invoice 1001',
    expiresIn: 'P7D',
    successUrl: 'https://shop.example/thanks',
    failureUrl: 'https://shop.example/failed',
    webhookUrl: 'https://shop.example/hooks/costplus',
    customer: { email: 'jan@example.com', firstName: 'Jan', locale: 'nl_NL' },
  },
  conomy: {
    reference: 'inv-1001',
    amount: { amount: 49990, currency: 'CLP' },
    description: 'Invoice 1001',
    expiresIn: 'P1D',
    successUrl: 'https://shop.example/paid',
    failureUrl: 'https://shop.example/failed',
    customer: { email: 'ana@example.cl', firstName: 'Ana' },
    providerOptions: { conomy: { checkoutToken: 'inv-1001' } },
  },
  'hsa-provider': {
    reference: 'inv-1001',
    amount: { amount: 4995, currency: 'USD' },
    description: 'Blood pressure monitor',
    expiresIn: 'P7D',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cancel',
    customer: { email: 'jane@example.com', firstName: 'Jane' },
  },
};

/** What the in-memory stand-in answers a create with (the documented body). */
const createAnswer: Readonly<Record<ProviderId, () => unknown>> = {
  costplus: () => documented('costplus', 'create-response'),
  conomy: () => documented('conomy', 'payment-link'),
  'hsa-provider': () => documented('hsa-provider', 'get-response.seed'),
};

/** A patch on the base input; `undefined` removes the key. Nested keys with dots (`amount.amount`). */
function patched(base: Patch, patch: Patch): unknown {
  const out = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1] as string;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return out;
}

const create = (provider: ProviderId, name: string, field: string, patch: Patch, options?: Patch): Row => ({
  operation: 'create',
  name,
  field,
  call: (client) => client.te.create(patched(baseInput[provider], patch) as never, options as never)(),
});
const whole = (name: string, input: unknown): Row => ({
  operation: 'create',
  name,
  field: '',
  call: (client) => client.te.create(input as never)(),
});

// --- rows every adapter shares (core's checks, before any adapter code) --------

function commonCreateRows(p: ProviderId): Row[] {
  const rows: Row[] = [
    whole('input is null', null),
    whole('input is a string', 'inv-1'),
    whole('input is an array', []),
  ];
  const bad = (field: string, values: ReadonlyArray<[string, unknown]>, at = field) =>
    values.forEach(([what, value]) => rows.push(create(p, `${field}: ${what}`, at, { [field]: value })));
  bad('reference', [
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['256 characters', long(256)],
    ['a number', 42],
    ['null', null],
  ]);
  bad('amount', [
    ['missing', undefined],
    ['a string', '9.95'],
    ['a number', 995],
  ]);
  bad(
    'amount.amount',
    [
      ['missing', undefined],
      ['zero', 0],
      ['negative', -1],
      ['fractional minor units', 1.5],
      ['a decimal string', '9.95'],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['beyond 2^53', 2 ** 53],
      ['null', null],
    ],
    'amount.amount',
  );
  bad('amount.currency', [
    ['missing', undefined],
    ['unknown code XXX', 'XXX'],
    ['lower case', 'eur'],
    ['four letters', 'EURO'],
    ['empty', ''],
    ['a number', 978],
  ]);
  bad('description', [
    ['1,001 characters', long(1001)],
    ['a number', 42],
    ['an object', {}],
  ]);
  bad('expiresIn', [
    ['zero duration P0D', 'P0D'],
    ['zero seconds PT0S', 'PT0S'],
    ['not a duration', 'soon'],
    ['empty', ''],
    ['prose', '7 days'],
    ['negative seconds', -5],
    ['zero seconds', 0],
    ['fractional seconds', 1.5],
    ['1e20 seconds', 1e20],
    ['past the last representable date', 'P99999999Y'],
    ['a boolean', true],
  ]);
  bad(
    'expiresAt',
    [
      ['in the past', '2020-01-01T00:00:00Z'],
      ['exactly now', now.toISOString()],
      ['a past Date', new Date('2025-12-31T00:00:00Z')],
      ['an invalid Date', new Date(Number.NaN)],
      ['a date without time', '2026-02-01'],
      ['a time without zone', '2026-02-01T00:00:00'],
      ['prose', 'tomorrow'],
      ['a number', 1_800_000_000],
    ].map(([what, value]) => [what as string, value]),
  );
  rows.push(create(p, 'expiresAt: given with expiresIn', 'expiresAt', { expiresAt: '2026-02-01T00:00:00Z' }));
  for (const field of ['successUrl', 'failureUrl', 'cancelUrl', 'webhookUrl'])
    bad(field, [
      ['not a URL', 'not a url'],
      ['ftp scheme', 'ftp://shop.example/x'],
      ['javascript scheme', 'javascript:alert(1)'],
      ['relative', '/thanks'],
      ['no host', 'https://'],
      ['over 2,048 characters', `https://shop.example/${long(2050)}`],
      ['a number', 42],
    ]);
  bad('customer', [
    ['a string', 'jan@example.com'],
    ['an array', []],
  ]);
  bad('customer.email', [
    ['no @', 'jan.example.com'],
    ['no domain dot', 'jan@example'],
    ['spaces', 'jan @example.com'],
    ['over 254 characters', `${long(250)}@example.com`],
  ]);
  bad('customer.firstName', [['256 characters', long(256)]]);
  bad('customer.lastName', [['a number', 7]]);
  bad('customer.id', [['empty', '']]);
  bad('customer.locale', [['a word', 'english']]);
  bad('customer.gender', [['unknown', 'x']]);
  bad('customer.birthdate', [['day first', '15-01-1990']]);
  bad('customer.address.country', [['alpha-3', 'NLD']]);
  bad('customer.address.postalCode', [['33 characters', long(33, '1')]]);
  const amount = (baseInput[p]['amount'] as { amount: number }).amount;
  const lines = (items: unknown) => ({ lineItems: items });
  const item = (over: Patch = {}) => ({
    id: 'sku-1',
    name: 'Item',
    quantity: 1,
    unitAmount: amount,
    ...over,
  });
  const rowsFor = (name: string, field: string, patch: Patch) => rows.push(create(p, name, field, patch));
  rowsFor('lineItems: not an array', 'lineItems', lines('item'));
  rowsFor('lineItems: do not add up to the amount', 'lineItems', lines([item({ quantity: 2 })]));
  rowsFor(
    'lineItems: two lines one short',
    'lineItems',
    lines([item({ unitAmount: 1 }), item({ unitAmount: 1 })]),
  );
  rowsFor('lineItems.0.quantity: zero', 'lineItems.0.quantity', lines([item({ quantity: 0 })]));
  rowsFor('lineItems.0.quantity: fractional', 'lineItems.0.quantity', lines([item({ quantity: 1.5 })]));
  rowsFor('lineItems.0.unitAmount: negative', 'lineItems.0.unitAmount', lines([item({ unitAmount: -1 })]));
  rowsFor('lineItems.0.unitAmount: fractional', 'lineItems.0.unitAmount', lines([item({ unitAmount: 0.5 })]));
  rowsFor('lineItems.0.name: empty', 'lineItems.0.name', lines([item({ name: '' })]));
  rowsFor('lineItems.0.name: 256 characters', 'lineItems.0.name', lines([item({ name: long(256) })]));
  rowsFor(
    'lineItems.0.tax.amount: more than the line',
    'lineItems.0.tax.amount',
    lines([item({ tax: { type: 'fixed', amount: amount + 1, name: 'VAT' } })]),
  );
  rowsFor(
    'lineItems.0.tax.rate: percentage without rate',
    'lineItems.0.tax.rate',
    lines([item({ tax: { type: 'percentage', amount: 1, name: 'VAT' } })]),
  );
  rowsFor(
    'lineItems.0.tax.type: unknown',
    'lineItems.0.tax.type',
    lines([item({ tax: { type: 'vat', amount: 1 } })]),
  );
  rowsFor('subscription: without interval', 'subscription.interval', { subscription: {} });
  rowsFor('subscription.interval: unknown', 'subscription.interval', {
    subscription: { interval: 'fortnight' },
  });
  rowsFor('subscription.intervalCount: zero', 'subscription.intervalCount', {
    subscription: { interval: 'month', intervalCount: 0 },
  });
  rowsFor('subscription.trialPeriodDays: negative', 'subscription.trialPeriodDays', {
    subscription: { interval: 'month', trialPeriodDays: -1 },
  });
  rowsFor('subscription.id: set by the caller', 'subscription.id', {
    subscription: { interval: 'month', id: 'sub_1' },
  });
  rowsFor('metadata: 51 keys', 'metadata', {
    metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
  });
  rowsFor('metadata: a 41-character key', 'metadata', { metadata: { [long(41, 'k')]: 'v' } });
  rowsFor('metadata.note: 501 characters', 'metadata.note', { metadata: { note: long(501) } });
  rowsFor('metadata.note: a number', 'metadata.note', { metadata: { note: 5 } });
  rowsFor('paymentMethods: not an array', 'paymentMethods', { paymentMethods: 'card' });
  rowsFor('paymentMethods.0: empty', 'paymentMethods.0', { paymentMethods: [''] });
  rowsFor('providerOptions: a string', 'providerOptions', { providerOptions: 'x' });
  rowsFor(`providerOptions.${p}: a string`, `providerOptions.${p}`, { providerOptions: { [p]: 'x' } });
  return rows;
}

const id = (operation: 'get' | 'activate' | 'delete', name: string, value: unknown): Row => ({
  operation,
  name: `id: ${name}`,
  field: 'id',
  call: (client) => client.te[operation](value as string)(),
});

const list = (name: string, field: string, query: Patch, cursor?: string): Row => ({
  operation: 'list',
  name,
  field,
  call: (client) => client.te.listPage(query as never, cursor)(),
});

const badLimits = (): Row[] =>
  (
    [
      ['zero', 0],
      ['negative', -1],
      ['fractional', 1.5],
      ['NaN', Number.NaN],
    ] as const
  ).map(([what, value]) => list(`limit: ${what}`, 'limit', { limit: value }));

// --- what each adapter adds -----------------------------------------------------

const rows: Readonly<Record<ProviderId, () => Row[]>> = {
  costplus: () => {
    const p = 'costplus';
    return [
      ...commonCreateRows(p),
      create(p, 'lineItems: Cost+ links have none', 'lineItems', {
        lineItems: [{ name: 'Item', quantity: 1, unitAmount: 995 }],
      }),
      create(p, 'subscription: Cost+ links have none', 'subscription', {
        subscription: { interval: 'month' },
      }),
      create(p, 'metadata: Cost+ links have none', 'metadata', { metadata: { order: '1' } }),
      create(p, 'cancelUrl: differs from failureUrl (one failure_url)', 'cancelUrl', {
        cancelUrl: 'https://shop.example/cancel',
      }),
      create(p, 'providerOptions.costplus.foo: unknown option', 'providerOptions.costplus.foo', {
        providerOptions: { costplus: { foo: 1 } },
      }),
      create(
        p,
        'providerOptions.costplus.customer.nickname: unknown',
        'providerOptions.costplus.customer.nickname',
        {
          providerOptions: { costplus: { customer: { nickname: 'x' } } },
        },
      ),
      create(
        p,
        'providerOptions.costplus.customer.addressType: unknown',
        'providerOptions.costplus.customer.addressType',
        { providerOptions: { costplus: { customer: { addressType: 'home' } } } },
      ),
      ...(['get'] as const).flatMap((op) => [
        id(op, 'empty', ''),
        id(op, 'blank', '   '),
        id(op, '256 characters', long(256)),
        id(op, 'a number', 42),
        id(op, 'null', null),
        id(op, 'undefined', undefined),
      ]),
    ];
  },
  conomy: () => {
    const p = 'conomy';
    const token = (value: unknown) => ({ providerOptions: { conomy: { checkoutToken: value } } });
    const item = { name: 'Item', quantity: 1, unitAmount: 49990 };
    return [
      ...commonCreateRows(p),
      create(p, 'activate: not a boolean', 'providerOptions.conomy.activate', {
        providerOptions: { conomy: { activate: 'yes' } },
      }),
      create(p, 'checkoutToken: empty', 'providerOptions.conomy.checkoutToken', token('')),
      create(p, 'checkoutToken: 256 characters', 'providerOptions.conomy.checkoutToken', token(long(256))),
      create(p, 'checkoutToken: a number', 'providerOptions.conomy.checkoutToken', token(1001)),
      create(p, 'owner: without identityId', 'providerOptions.conomy.owner.identityId', {
        providerOptions: { conomy: { checkoutToken: 'inv-1001', owner: { name: 'Shop' } } },
      }),
      create(p, 'customerRequirements.0: empty', 'providerOptions.conomy.customerRequirements.0', {
        providerOptions: { conomy: { checkoutToken: 'inv-1001', customerRequirements: [''] } },
      }),
      create(p, 'expiresIn: 29 seconds (Conomy minimum is 30)', 'expiresIn', { expiresIn: 29 }),
      create(p, 'expiresIn: PT29S (Conomy minimum is 30)', 'expiresIn', { expiresIn: 'PT29S' }),
      create(p, 'expiresAt: 10 seconds ahead (Conomy minimum is 30)', 'expiresAt', {
        expiresIn: undefined,
        expiresAt: new Date(now.getTime() + 10_000).toISOString(),
      }),
      create(p, 'webhookUrl: one URL per environment, none per link', 'webhookUrl', {
        webhookUrl: 'https://shop.example/hooks',
      }),
      create(p, 'subscription: Conomy links are not recurring', 'subscription', {
        subscription: { interval: 'month' },
      }),
      create(p, 'metadata: Conomy links keep none', 'metadata', { metadata: { order: '1' } }),
      create(p, 'cancelUrl: differs from failureUrl (one failedUrl)', 'cancelUrl', {
        cancelUrl: 'https://shop.example/cancel',
      }),
      create(p, 'lineItems.0.tax.name: Conomy names every tax', 'lineItems.0.tax.name', {
        lineItems: [{ ...item, tax: { type: 'fixed', amount: 100 } }],
      }),
      create(p, 'customer.phone: prefix not separable', 'customer.phone', {
        customer: { phone: '+56912345678' },
      }),
      ...(['get', 'activate', 'delete'] as const).flatMap((op) => [
        id(op, 'empty', ''),
        id(op, 'blank', '   '),
        id(op, '256 characters', long(256)),
        id(op, 'a number', 42),
        id(op, 'null', null),
        id(op, 'undefined', undefined),
      ]),
      ...badLimits(),
      list('createdAfter: Conomy has no date filter', 'createdAfter', { createdAfter: now }),
      list('createdBefore: Conomy has no date filter', 'createdBefore', { createdBefore: now }),
      list('status: unknown has no Conomy value', 'status', { status: ['unknown'] }),
      list('ids.0: empty', 'ids.0', { ids: [''] }),
      list('ids.0: holds a comma', 'ids.0', { ids: ['a,b'] }),
      list('customerEmail: holds a comma', 'customerEmail', { customerEmail: 'a@x.com,b@x.com' }),
      list('providerFilters.conomy.foo: unknown filter', 'providerFilters.conomy.foo', {
        providerFilters: { conomy: { foo: '1' } },
      }),
      list('providerFilters.conomy.ownerIdentityId: empty', 'providerFilters.conomy.ownerIdentityId', {
        providerFilters: { conomy: { ownerIdentityId: ' ' } },
      }),
      list('cursor: not one the adapter handed out', 'cursor', {}, 'garbage'),
      list('cursor: a negative offset', 'cursor', {}, Buffer.from('{"offset":-5}').toString('base64url')),
    ];
  },
  'hsa-provider': () => {
    const p = 'hsa-provider';
    const item = { id: 'sku-1', name: 'Monitor', quantity: 1, unitAmount: 4995 };
    const options = (value: unknown) => ({ providerOptions: { 'hsa-provider': value } });
    const cancel = (name: string, field: string, run: (c: PaymentLinks) => ReturnType<Row['call']>): Row => ({
      operation: 'cancel',
      name,
      field,
      call: run,
    });
    return [
      ...commonCreateRows(p),
      create(p, 'description: required by HSA', 'description', { description: undefined }),
      create(p, 'description: blank', 'description', { description: '   ' }),
      create(p, 'successUrl: required by HSA', 'successUrl', { successUrl: undefined }),
      create(p, 'webhookUrl: registered in the dashboard, not per link', 'webhookUrl', {
        webhookUrl: 'https://shop.example/hooks',
      }),
      create(p, 'paymentMethods: not chosen per link', 'paymentMethods', { paymentMethods: ['card'] }),
      create(p, 'lineItems.0.id: required (merchant_product_id)', 'lineItems.0.id', {
        lineItems: [{ name: 'Monitor', quantity: 1, unitAmount: 4995 }],
      }),
      create(p, 'lineItems.0.hsaFsaEligible: decided by the provider', 'lineItems.0.hsaFsaEligible', {
        lineItems: [{ ...item, hsaFsaEligible: true }],
      }),
      create(
        p,
        'subscription: paymentType subscription without one',
        'subscription',
        options({ paymentType: 'subscription' }),
      ),
      create(p, 'subscription: paymentType one_time with one', 'subscription', {
        ...options({ paymentType: 'one_time' }),
        subscription: { interval: 'month' },
      }),
      create(
        p,
        'paymentType: unknown',
        'providerOptions.hsa-provider.paymentType',
        options({ paymentType: 'weekly' }),
      ),
      create(p, 'providerOptions: unknown option', 'providerOptions.hsa-provider.foo', options({ foo: 1 })),
      create(p, 'metadata.paylinks_reference: reserved for the reference', 'metadata.paylinks_reference', {
        metadata: { paylinks_reference: 'x' },
      }),
      create(p, 'idempotencyKey: empty', 'options.idempotencyKey', {}, { idempotencyKey: '' }),
      create(p, 'idempotencyKey: holds a space', 'options.idempotencyKey', {}, { idempotencyKey: 'a b' }),
      create(
        p,
        'idempotencyKey: 256 characters',
        'options.idempotencyKey',
        {},
        { idempotencyKey: long(256) },
      ),
      ...(['get'] as const).flatMap((op) => [
        id(op, 'empty', ''),
        id(op, 'blank', '   '),
        id(op, '256 characters', long(256)),
        id(op, 'a number', 42),
        id(op, 'null', null),
      ]),
      cancel('id: empty', 'id', (c) => c.te.cancel('')()),
      cancel('id: 256 characters', 'id', (c) => c.te.cancel(long(256))()),
      cancel('reason: 501 characters', 'reason', (c) => c.te.cancel('plink_1', long(501))()),
      cancel('idempotencyKey: non-ASCII', 'options.idempotencyKey', (c) =>
        c.te.cancel('plink_1', 'changed mind', { idempotencyKey: 'clé' })(),
      ),
      ...badLimits(),
      list('status: two at once', 'status', { status: ['open', 'paid'] }),
      list('status: draft (no such HSA status)', 'status', { status: ['draft'] }),
      list('ids: HSA cannot filter by id', 'ids', { ids: ['plink_1'] }),
      list('providerFilters.hsa-provider.foo: unknown filter', 'providerFilters.hsa-provider.foo', {
        providerFilters: { 'hsa-provider': { foo: '1' } },
      }),
      list(
        'providerFilters.hsa-provider.payment_type: unknown',
        'providerFilters.hsa-provider.payment_type',
        {
          providerFilters: { 'hsa-provider': { payment_type: 'weekly' } },
        },
      ),
    ];
  },
};

// --- the adapters under test --------------------------------------------------------

function build(provider: ProviderId, httpClient?: MemoryHttpClient): PaymentLinks {
  const common = {
    now: clock,
    retry: { maxRetries: 0 },
    ...(httpClient !== undefined ? { httpClient } : {}),
  };
  switch (provider) {
    case 'costplus':
      return fromProvider(costplus({ apiKey: canaries.costplus.apiKey, baseUrl: invalidHost, ...common }));
    case 'conomy':
      return fromProvider(
        conomy({
          apiKey: canaries.conomy.apiKey,
          clientId: canaries.conomy.clientId,
          clientSecret: canaries.conomy.clientSecret,
          webhookSecret: canaries.conomy.webhookSecret,
          baseUrl: invalidHost,
          ...common,
        }),
      );
    case 'hsa-provider':
      return fromProvider(
        hsaProvider({
          apiKey: canaries['hsa-provider'].apiKey,
          webhookSecret: canaries['hsa-provider'].webhookSecret,
          baseUrl: invalidHost,
          ...common,
        }),
      );
  }
}

/** Bad settings: the factory throws a ValidationError naming `<adapter>.<setting>`, before anything is built. */
const settingsRows: Readonly<Record<ProviderId, ReadonlyArray<[string, string, () => unknown]>>> = {
  costplus: [
    ['apiKey: missing', 'costplus.apiKey', () => costplus({} as never)],
    ['apiKey: empty', 'costplus.apiKey', () => costplus({ apiKey: '' })],
    [
      'baseUrl: not http(s)',
      'costplus.baseUrl',
      () => costplus({ apiKey: canaries.costplus.apiKey, baseUrl: 'ftp://x' }),
    ],
    [
      'timeoutMs: not a number',
      'costplus.timeoutMs',
      () => costplus({ apiKey: canaries.costplus.apiKey, timeoutMs: 'soon' as never }),
    ],
    [
      'retry.maxRetries: fractional',
      'costplus.retry.maxRetries',
      () => costplus({ apiKey: canaries.costplus.apiKey, retry: { maxRetries: 1.5 } }),
    ],
    [
      'httpClient: not an axios instance',
      'costplus.httpClient',
      () => costplus({ apiKey: canaries.costplus.apiKey, httpClient: {} as never }),
    ],
  ],
  conomy: [
    [
      'clientSecret: missing',
      'conomy.clientSecret',
      () => conomy({ apiKey: canaries.conomy.apiKey, clientId: canaries.conomy.clientId } as never),
    ],
    [
      'clientId: missing',
      'conomy.clientId',
      () => conomy({ apiKey: canaries.conomy.apiKey, clientSecret: canaries.conomy.clientSecret } as never),
    ],
    [
      'apiKey: missing',
      'conomy.apiKey',
      () =>
        conomy({ clientId: canaries.conomy.clientId, clientSecret: canaries.conomy.clientSecret } as never),
    ],
    [
      'defaultDurationSeconds: under 30',
      'conomy.defaultDurationSeconds',
      () =>
        conomy({
          apiKey: canaries.conomy.apiKey,
          clientId: canaries.conomy.clientId,
          clientSecret: canaries.conomy.clientSecret,
          defaultDurationSeconds: 29,
        }),
    ],
    [
      'webhookSecret: empty',
      'conomy.webhookSecret',
      () =>
        conomy({
          apiKey: canaries.conomy.apiKey,
          clientId: canaries.conomy.clientId,
          clientSecret: canaries.conomy.clientSecret,
          webhookSecret: '',
        }),
    ],
  ],
  'hsa-provider': [
    ['apiKey: missing', 'hsa-provider.apiKey', () => hsaProvider({} as never)],
    [
      'amountFields: unknown',
      'hsa-provider.amountFields',
      () => hsaProvider({ apiKey: canaries['hsa-provider'].apiKey, amountFields: 'euros' as never }),
    ],
    [
      'referenceMetadataKey: 41 characters',
      'hsa-provider.referenceMetadataKey',
      () => hsaProvider({ apiKey: canaries['hsa-provider'].apiKey, referenceMetadataKey: long(41) }),
    ],
    [
      'webhookToleranceSeconds: negative text',
      'hsa-provider.webhookToleranceSeconds',
      () => hsaProvider({ apiKey: canaries['hsa-provider'].apiKey, webhookToleranceSeconds: '-5' as never }),
    ],
  ],
};

// --- the run ------------------------------------------------------------------------

let requestsSeenByNock = 0;
const onNoMatch = () => void (requestsSeenByNock += 1);
const figures: Record<string, Record<string, unknown>> = {};

describe('input validation: a ValidationError naming the field, and no request sent', () => {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.enableNetConnect();
    for (const [subject, f] of Object.entries(figures))
      recordResult({ section: 'inputs', subject, figures: f });
  });

  it('the detectors work: a valid call reaches the stand-in, and nock sees (and refuses) a real one', async () => {
    for (const provider of providers) {
      const stand = memoryHttpClient((request) =>
        request.url.endsWith('/auth')
          ? {
              status: 200,
              data: JSON.stringify({ accessToken: canaries.conomy.accessToken, expiresIn: 3600 }),
            }
          : { status: 201, data: JSON.stringify(createAnswer[provider]()) },
      );
      const created = await build(provider, stand).te.create(baseInput[provider] as never)();
      expect(E.isRight(created), `${provider} base input`).toBe(true);
      expect(stand.calls.length).toBeGreaterThan(0);
      const before = requestsSeenByNock;
      const viaNock = await build(provider).te.get('link_1')();
      expect(E.isLeft(viaNock) && viaNock.left._tag).toBe('NetworkError');
      expect(requestsSeenByNock).toBe(before + 1);
    }
    requestsSeenByNock = 0;
  });

  for (const provider of providers) {
    it(`${provider}: every bad input is refused before any request`, async () => {
      const stand = memoryHttpClient(() => ({ status: 500, data: '{}' }));
      const viaMemory = build(provider, stand);
      const viaNock = build(provider);
      const audit = new LeakAudit();
      const byOperation = new Tally();
      const problems: string[] = [];
      const nockBefore = requestsSeenByNock;
      let refused = 0;
      for (const row of rows[provider]()) {
        byOperation.add(row.operation);
        for (const [how, client] of [
          ['in-memory', viaMemory],
          ['nock', viaNock],
        ] as const) {
          let result: E.Either<PaymentLinkError, unknown>;
          try {
            result = await row.call(client);
          } catch (thrown) {
            problems.push(`${row.operation} ${row.name} (${how}): threw ${String(thrown)}`);
            continue;
          }
          if (E.isRight(result)) {
            problems.push(`${row.operation} ${row.name} (${how}): accepted`);
            continue;
          }
          const error = result.left;
          audit.error(`${row.operation} ${row.name}`, error);
          if (error._tag !== 'ValidationError' || error.field !== row.field) {
            problems.push(
              `${row.operation} ${row.name} (${how}): ${error._tag}${error._tag === 'ValidationError' ? ` naming "${error.field}"` : ''}, expected a ValidationError naming "${row.field}": ${error.message}`,
            );
          } else if (how === 'in-memory') refused += 1;
          if (!isPaymentLinkError(error)) problems.push(`${row.name}: not a PaymentLinkError`);
        }
      }
      for (const [name, field, make] of settingsRows[provider]) {
        byOperation.add('settings');
        try {
          make();
          problems.push(`settings ${name}: accepted`);
        } catch (thrown) {
          audit.error(`settings ${name}`, thrown);
          const error = thrown instanceof PaymentLinkException ? thrown.error : undefined;
          if (error?._tag !== 'ValidationError' || error.field !== field)
            problems.push(
              `settings ${name}: expected a ValidationError naming ${field}, got ${String(thrown)}`,
            );
          else refused += 1;
        }
      }
      const requests = stand.calls.length + (requestsSeenByNock - nockBefore);
      figures[provider] = {
        inputsTried: byOperation.total(),
        byOperation: byOperation.toJSON(),
        validationErrorsNamingTheField: refused,
        requestsSent: requests,
        leaks: audit.leaks.length,
      };
      expect(problems).toEqual([]);
      expect(stand.calls).toEqual([]);
      expect(requestsSeenByNock - nockBefore).toBe(0);
      expect(nock.pendingMocks()).toEqual([]);
      expect(refused).toBe(byOperation.total());
      expect(audit.leaks).toEqual([]);
    });
  }

  it('Cost+: operations the provider lacks answer UnsupportedError, without a request', async () => {
    const stand = memoryHttpClient(() => ({ status: 500, data: '{}' }));
    const client = build('costplus', stand);
    const answers = await Promise.all([
      client.te.listPage({})(),
      client.te.cancel('x')(),
      client.te.activate('x')(),
      client.te.delete('x')(),
      client.te.reconcile('x')(),
    ]);
    expect(answers.map((a) => E.isLeft(a) && a.left._tag)).toEqual(Array(5).fill('UnsupportedError'));
    expect(stand.calls).toEqual([]);
    figures['costplus'] = { ...figures['costplus'], unsupportedOperationsRefused: answers.length };
  });
});
