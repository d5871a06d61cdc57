// The pieces of plumbing every adapter shares: provider-option excess checks, the clock default,
// webhook refusals, the repeated-cursor guard and decodeLink wiring.
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';

import { clockFrom } from './adapter-settings.js';
import { decodeProviderOptions } from './decode-provider-options.js';
import { decodeError, type PaymentLinkError } from '../model/errors.js';
import { linkDecoder } from './link-decoder.js';
import type { PaymentLink } from '../model/model.js';
import type { LinkPage } from '../provider/provider.js';
import { linkStatus } from '../model/status.js';
import { expectLeft, expectRight } from '@paylinks/testing';
import { walkPages } from './walk-pages.js';
import {
  rejectWebhook,
  requireWebhookSecrets,
  signTimestamped,
  verifyTimestampedSignature,
} from '../webhooks/webhook.js';

const Options = t.partial({
  customer: t.partial({ addressType: t.string, phoneNumbers: t.array(t.string) }),
  owner: t.UnknownRecord,
  activate: t.boolean,
});

describe('decodeProviderOptions', () => {
  it('decodes known keys, and an absent group as empty', () => {
    expect(expectRight(decodeProviderOptions(Options, { activate: false }, 'providerOptions.x'))).toEqual({
      activate: false,
    });
    expect(expectRight(decodeProviderOptions(Options, undefined, 'providerOptions.x'))).toEqual({});
  });

  it('refuses an unknown key with the closest known one and the known keys', () => {
    const error = expectLeft(
      decodeProviderOptions(Options, { activat: true }, 'providerOptions.x'),
      'ValidationError',
    );
    expect(error.field).toBe('providerOptions.x.activat');
    expect(error.message).toBe(
      'providerOptions.x.activat is not an option of this provider (did you mean activate? known: customer, owner, activate)',
    );
  });

  it('refuses unknown nested keys, every one, and lets open records through', () => {
    const error = expectLeft(
      decodeProviderOptions(
        Options,
        { customer: { adressType: 'billing' }, owner: { anything: 1 }, zzz: 1 },
        'providerOptions.x',
      ),
      'ValidationError',
    );
    expect(error.issues?.map((i) => i.field)).toEqual([
      'providerOptions.x.customer.adressType',
      'providerOptions.x.zzz',
    ]);
    expect(error.issues?.[0]?.message).toContain('did you mean addressType?');
    expect(error.issues?.[1]?.message).not.toContain('did you mean');
    expect(
      expectRight(decodeProviderOptions(Options, { owner: { anything: 1 } }, 'providerOptions.x')),
    ).toEqual({ owner: { anything: 1 } });
  });

  it('checks any object, not only a plain one: null-prototype objects and class instances', () => {
    const bare = Object.assign(Object.create(null) as object, { activte: true });
    expect(expectLeft(decodeProviderOptions(Options, bare, 'p'))).toMatchObject({ field: 'p.activte' });
    const nested = { customer: Object.assign(Object.create(null) as object, { adressType: 'home' }) };
    expect(expectLeft(decodeProviderOptions(Options, nested, 'p'))).toMatchObject({
      field: 'p.customer.adressType',
    });
    class Stray {
      readonly evil_field = 'x';
    }
    expect(expectLeft(decodeProviderOptions(Options, new Stray(), 'p'))).toMatchObject({
      field: 'p.evil_field',
    });
  });

  it("names a key holding a dot by the level it is at, with that level's known keys", () => {
    const error = expectLeft(decodeProviderOptions(Options, { 'customer.addressType': 'x' }, 'p'));
    expect(error.message).toBe(
      'p.customer.addressType is not an option of this provider (known: customer, owner, activate)',
    );
  });

  it('lists at most 10 unknown keys and shortens long ones, however many a hostile object holds', () => {
    const many = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    const error = expectLeft(decodeProviderOptions(Options, many, 'p'));
    expect(error.issues).toHaveLength(10);
    expect(error.message).toContain('and more unknown keys');
    expect(error.message.length).toBeLessThan(500);
    const long = expectLeft(decodeProviderOptions(Options, { ['x'.repeat(2_000_000)]: 1 }, 'p'));
    expect(long.field).toBe(`p.${'x'.repeat(64)}…`);
    expect(long.message.length).toBeLessThan(300);
  });

  it('still refuses a bad value of a known key by its path', () => {
    const error = expectLeft(
      decodeProviderOptions(Options, { activate: 'yes' }, 'providerOptions.x'),
      'ValidationError',
    );
    expect(error.field).toBe('providerOptions.x.activate');
  });
});

describe('clockFrom', () => {
  it('reads the now setting, else the system clock', () => {
    const fixed = new Date('2030-01-01T00:00:00Z');
    expect(clockFrom({ now: () => fixed })()).toBe(fixed);
    const before = Date.now();
    const read = clockFrom({})().getTime();
    expect(read).toBeGreaterThanOrEqual(before);
  });
});

describe('webhook refusals', () => {
  it('rejectWebhook is a WebhookVerificationError of the provider with its reason', () => {
    const error = expectLeft(rejectWebhook('p', 'malformed_body', 'not JSON'), 'WebhookVerificationError');
    expect(error).toMatchObject({
      provider: 'p',
      reason: 'malformed_body',
      message: 'not JSON',
      retryable: false,
    });
  });

  it('requireWebhookSecrets lists the secrets, or refuses with the hint', () => {
    expect(expectRight(requireWebhookSecrets('p', ['a', 'b'], 'set it'))).toEqual(['a', 'b']);
    expect(expectRight(requireWebhookSecrets('p', 'a', 'set it'))).toEqual(['a']);
    const error = expectLeft(requireWebhookSecrets('p', undefined, 'set it'), 'WebhookVerificationError');
    expect(error).toMatchObject({
      reason: 'missing_secret',
      message: 'no webhookSecret is configured for p: set it',
    });
  });
});

const link = (id: string): PaymentLink =>
  ({
    provider: 'p',
    id,
    reference: `ref-${id}`,
    url: `https://pay.example/${id}`,
    amount: { amount: 100, currency: 'EUR' },
    status: linkStatus('open', 'open'),
    createdAt: new Date('2030-01-01T00:00:00Z'),
    attempts: { reported: false },
    redirects: {},
    metadata: {},
    raw: { id },
  }) as unknown as PaymentLink;

async function collect(pages: AsyncIterable<E.Either<PaymentLinkError, LinkPage>>) {
  const out: Array<E.Either<PaymentLinkError, LinkPage>> = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('blank webhook secrets', () => {
  const body = '{"type":"link.paid"}';
  const now = new Date('2030-01-01T00:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);

  it('are no secrets: requireWebhookSecrets refuses them, and a JavaScript null, as missing', () => {
    for (const secrets of ['', '  ', [''], ['', ' '], null]) {
      const error = expectLeft(
        requireWebhookSecrets('p', secrets as unknown as string, 'set it'),
        'WebhookVerificationError',
      );
      expect(error.reason).toBe('missing_secret');
    }
    expect(expectRight(requireWebhookSecrets('p', ['', 'real'], 'set it'))).toEqual(['real']);
  });

  it('never verify a signature made with an empty key', () => {
    for (const secret of ['', [''], ['  ']]) {
      const error = expectLeft(
        verifyTimestampedSignature({
          provider: 'p',
          header: signTimestamped('', body, ts),
          headerName: 'x-signature',
          rawBody: Buffer.from(body),
          secret: secret as string,
          now,
        }),
        'WebhookVerificationError',
      );
      expect(error.reason).toBe('missing_secret');
    }
  });
});

describe('walkPages', () => {
  it('follows cursors to the last page', async () => {
    const pages: Record<string, LinkPage> = {
      first: { links: [link('a')], nextCursor: 'c1' },
      c1: { links: [link('b')] },
    };
    const asked: Array<string | undefined> = [];
    const out = await collect(
      walkPages(
        (cursor) => {
          asked.push(cursor);
          return TE.right(pages[cursor ?? 'first'] as LinkPage);
        },
        { provider: 'p', operation: 'list' },
      ),
    );
    expect(asked).toEqual([undefined, 'c1']);
    expect(out.map((p) => expectRight(p).links.map((l) => l.id))).toEqual([['a'], ['b']]);
  });

  it('ends with a non-retryable ProviderError when a cursor comes back', async () => {
    const asked: Array<string | undefined> = [];
    const out = await collect(
      walkPages(
        (cursor) => {
          asked.push(cursor);
          return TE.right({ links: [link('a')], nextCursor: cursor === undefined ? 'c1' : 'c2' });
        },
        { provider: 'p', operation: 'reconcile' },
      ),
    );
    expect(asked).toEqual([undefined, 'c1', 'c2']);
    const last = expectLeft(out[out.length - 1] as E.Either<PaymentLinkError, LinkPage>, 'ProviderError');
    expect(last).toMatchObject({ provider: 'p', operation: 'reconcile', retryable: false });
    expect(last.message).toContain('returned the cursor c2 twice');
  });

  it('stops after maxPages when the cursors never repeat, remembering long cursors by digest', async () => {
    let served = 0;
    const endless = () => {
      served++;
      return TE.right<PaymentLinkError, LinkPage>({ links: [], nextCursor: `c${served}${'x'.repeat(4000)}` });
    };
    const pages = [];
    for await (const page of walkPages(endless, { provider: 'p', operation: 'reconcile', maxPages: 50 })) {
      pages.push(page);
    }
    expect(served).toBe(50);
    const last = expectLeft(pages[pages.length - 1]!, 'ProviderError');
    expect(last).toMatchObject({ retryable: false, operation: 'reconcile' });
    expect(last.message).toContain('still had pages after 50');
  });

  it('ends on a failed page, yielding it', async () => {
    const failure = decodeError({ provider: 'p', message: 'bad page', errors: [] });
    const out = await collect(walkPages(() => TE.left(failure), { provider: 'p', operation: 'list' }));
    expect(out).toEqual([E.left(failure)]);
  });
});

describe('linkDecoder', () => {
  const Wire = t.type({ id: t.string });
  it('decodes and converts, the converter answering a link or an Either', () => {
    expect(expectRight(linkDecoder(Wire, 'p', (w) => link(w.id))({ id: 'x' })).id).toBe('x');
    expect(expectRight(linkDecoder(Wire, 'p', (w) => E.right(link(w.id)))({ id: 'y' })).id).toBe('y');
    const refused = decodeError({ provider: 'p', message: 'inexact amount', errors: [] });
    expect(expectLeft(linkDecoder(Wire, 'p', () => E.left(refused))({ id: 'z' }))).toBe(refused);
  });

  it('refuses a body the codec refuses, as a DecodeError of decodeLink', () => {
    const error = expectLeft(linkDecoder(Wire, 'p', (w) => link(w.id))({ id: 1 }), 'DecodeError');
    expect(error).toMatchObject({ provider: 'p', operation: 'decodeLink' });
  });

  it('hands the converter the body, and names the operation it is given', () => {
    const decode = linkDecoder(Wire, 'p', (w, body) => ({ ...link(w.id), raw: body }));
    expect(expectRight(decode({ id: 'x', extra: 1 })).raw).toEqual({ id: 'x', extra: 1 });
    expect(expectLeft(decode({}, 'get'), 'DecodeError')).toMatchObject({ operation: 'get' });
  });
});
