import { conomy } from '@paylinks/conomy';
import { startConomySimulator } from '@paylinks/conomy/simulator';
import {
  configFromEnv,
  createPaymentLinks,
  fromProvider,
  type PaymentLinkError,
  type PaymentLinks,
  uncheckedConfig,
} from '@paylinks/core';
import { secretForms } from '@paylinks/core/adapter';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';

import { LeakAudit } from './support/leak-audit.js';
import { memoryHttpClient, type MemoryAnswer, type MemoryRequest } from './support/memory-http.js';
import { providers, recordResult, Tally, type ProviderId } from './support/results.js';
import { TelemetryAudit } from './support/telemetry-audit.js';

// Issue 7, part 5: the canary credentials this suite runs with never appear
// in an error's message, JSON, util.inspect, thrown exception or its stack,
// even when a provider echoes them back in every field of its error bodies,
// in a body the codec refuses, in response headers, or in a network failure
// carrying the request's headers. (The other files audit every error they
// meet too; the CLI is checked in cli-secrets.test.ts.)

const audits: Record<string, LeakAudit> = {};
const scenarios: Record<string, Tally> = {};
const auditFor = (provider: ProviderId) => (audits[provider] ??= new LeakAudit());
// Every client's events and spans are audited too (issue 14): what a call tells its listeners and tracer.
const telemetries: Record<string, TelemetryAudit> = {};
const telemetryFor = (provider: ProviderId) => (telemetries[provider] ??= new TelemetryAudit());
const observed = (provider: ProviderId, client: PaymentLinks) => telemetryFor(provider).watch(client);
const tracing = (provider: ProviderId) => ({
  tracing: { tracerProvider: telemetryFor(provider).tracerProvider },
});
const scenario = (provider: ProviderId, name: string) => (scenarios[provider] ??= new Tally()).add(name);

/** Every secret a provider's adapter holds, in every form it travels in. */
const secretsOf: Readonly<Record<ProviderId, ReadonlyArray<string>>> = {
  costplus: [canaries.costplus.apiKey],
  conomy: [
    canaries.conomy.apiKey,
    canaries.conomy.clientSecret,
    canaries.conomy.webhookSecret,
    canaries.conomy.accessToken,
  ],
  'hsa-provider': [canaries['hsa-provider'].apiKey, canaries['hsa-provider'].webhookSecret],
};
const echo = (provider: ProviderId) =>
  secretsOf[provider]
    .flatMap((s) => [...secretForms(s), `Basic ${Buffer.from(`${s}:`).toString('base64')}`, `Bearer ${s}`])
    .join(' | ');

/** Error bodies in each provider's own format, every text field echoing the secrets. */
const echoingErrorBodies: Readonly<Record<ProviderId, (status: number) => ReadonlyArray<unknown>>> = {
  costplus: (status) => [
    {
      error: {
        status,
        type: echo('costplus'),
        value: echo('costplus'),
        property_path: echo('costplus'),
        property_description: echo('costplus'),
      },
    },
    { error: 'werkzeug.exceptions.Unauthorized', message: echo('costplus') },
    echo('costplus'),
  ],
  conomy: (status) => [
    { status, code: '11', type: 'invalidParam', detail: echo('conomy'), traceId: echo('conomy') },
    { status, code: echo('conomy'), type: echo('conomy'), detail: echo('conomy') },
    echo('conomy'),
  ],
  'hsa-provider': (status) => [
    {
      error: {
        code: echo('hsa-provider'),
        message: echo('hsa-provider'),
        details: { field_errors: { [echo('hsa-provider')]: [echo('hsa-provider')] } },
      },
    },
    {
      success: false,
      error_code: status,
      error_type: echo('hsa-provider'),
      error_message: echo('hsa-provider'),
      details: {},
    },
    echo('hsa-provider'),
  ],
};

/** A provider whose every answer is `answer` (Conomy's `POST /auth` gets the canary token first). */
function echoingClient(
  provider: ProviderId,
  answer: (request: MemoryRequest) => MemoryAnswer,
  maxRetries = 0,
): PaymentLinks {
  const httpClient = memoryHttpClient((request) =>
    provider === 'conomy' && request.url.endsWith('/auth')
      ? {
          status: 200,
          data: JSON.stringify({
            accessToken: canaries.conomy.accessToken,
            tokenType: 'Bearer',
            expiresIn: 3600,
          }),
        }
      : answer(request),
  );
  const common = {
    httpClient,
    retry: { maxRetries, baseDelayMs: 1, maxDelayMs: 5 },
    now: () => new Date('2026-01-15T12:00:00Z'),
  };
  switch (provider) {
    case 'costplus':
      return observed(
        provider,
        fromProvider(costplus({ apiKey: canaries.costplus.apiKey, ...common }), tracing(provider)),
      );
    case 'conomy':
      return observed(
        provider,
        fromProvider(
          conomy({
            apiKey: canaries.conomy.apiKey,
            clientId: canaries.conomy.clientId,
            clientSecret: canaries.conomy.clientSecret,
            webhookSecret: canaries.conomy.webhookSecret,
            ...common,
          }),
          tracing(provider),
        ),
      );
    case 'hsa-provider':
      return observed(
        provider,
        fromProvider(
          hsaProvider({
            apiKey: canaries['hsa-provider'].apiKey,
            webhookSecret: canaries['hsa-provider'].webhookSecret,
            ...common,
          }),
          tracing(provider),
        ),
      );
  }
}

const createInput: Readonly<Record<ProviderId, Record<string, unknown>>> = {
  costplus: { reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } },
  conomy: {
    reference: 'inv-1',
    amount: { amount: 49990, currency: 'CLP' },
    providerOptions: { conomy: { checkoutToken: 'inv-1' } },
  },
  'hsa-provider': {
    reference: 'inv-1',
    amount: { amount: 4995, currency: 'USD' },
    description: 'Monitor',
    successUrl: 'https://shop.example/thanks',
  },
};

/** Runs get, create (and a Promise-API call, for the thrown exception) against the client; audits each failure. */
async function audited(
  provider: ProviderId,
  name: string,
  client: PaymentLinks,
  audit: LeakAudit = auditFor(provider),
): Promise<number> {
  let errors = 0;
  const results: Array<E.Either<PaymentLinkError, unknown>> = [
    await client.te.get('link_1')(),
    await client.te.create(createInput[provider] as never)(),
  ];
  for (const result of results) {
    if (E.isLeft(result)) {
      errors += 1;
      audit.error(`${name}`, result.left);
    }
  }
  try {
    await client.get('link_1');
  } catch (thrown) {
    errors += 1;
    audit.error(`${name} (thrown)`, thrown);
  }
  telemetryFor(provider).flush(audit, name);
  scenario(provider, name);
  return errors;
}

describe('secrets: canaries never leak', () => {
  afterAll(() => {
    for (const provider of providers) {
      const audit = auditFor(provider);
      recordResult({
        section: 'secrets',
        subject: provider,
        figures: {
          scenarios: scenarios[provider]?.toJSON() ?? {},
          renderingsChecked: audit.checked,
          leaks: audit.leaks.length,
          eventsAudited: telemetryFor(provider).seen,
          spansAudited: telemetryFor(provider).spans,
        },
      });
    }
  });

  for (const provider of providers) {
    it(`${provider}: error bodies, headers and refused bodies echoing every secret`, async () => {
      let errors = 0;
      for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
        for (const [i, body] of echoingErrorBodies[provider](status).entries()) {
          const client = echoingClient(provider, () => ({
            status,
            data: typeof body === 'string' ? body : JSON.stringify(body),
            headers: {
              'x-request-id': echo(provider),
              'retry-after': '1',
              'www-authenticate': echo(provider),
            },
          }));
          errors += await audited(
            provider,
            `HTTP ${status} error body (form ${i + 1}) echoing secrets`,
            client,
          );
        }
      }
      // A 200 whose fields the codec refuses, each field holding a secret (decode errors quote short values).
      for (const secret of secretsOf[provider]) {
        const fields = [
          'id',
          'status',
          'currency',
          'amount',
          'totalAmount',
          'createdAt',
          'expiresAt',
          'created',
          'expires_at',
          'duration',
        ];
        for (const field of fields) {
          const client = echoingClient(provider, () => ({
            status: 200,
            data: JSON.stringify({
              id: 'l1',
              status: 'new',
              currency: 'EUR',
              amount: 1,
              totalAmount: '1',
              [field]: secret,
            }),
          }));
          // D6 (Conomy decode errors quoting an echoed secret) was fixed: every field is audited strictly.
          errors += await audited(provider, `200 body with a secret in ${field}`, client, auditFor(provider));
        }
      }
      // A network failure as axios reports it: the request config (with the auth header) on the error.
      const failing = echoingClient(provider, (request) => {
        const error = Object.assign(new Error(`connect ECONNREFUSED ${echo(provider)}`), {
          code: 'ECONNRESET',
          config: { headers: request.headers },
          request: { headers: request.headers },
          isAxiosError: true,
        });
        throw error;
      });
      errors += await audited(provider, 'network failure carrying the request headers', failing);
      // Retried answers, so that retry events and the spans of several tries are audited as well.
      for (const status of [500, 503]) {
        for (const [i, body] of echoingErrorBodies[provider](status).entries()) {
          const retried = echoingClient(
            provider,
            () => ({
              status,
              data: typeof body === 'string' ? body : JSON.stringify(body),
              headers: { 'x-request-id': echo(provider), 'www-authenticate': echo(provider) },
            }),
            2,
          );
          errors += await audited(
            provider,
            `HTTP ${status} echoing secrets, retried (form ${i + 1})`,
            retried,
          );
        }
      }
      expect(errors).toBeGreaterThan(50);
      expect(auditFor(provider).leaks.slice(0, 5)).toEqual([]);
      // Every kind of event was emitted, and every one was audited.
      const seen = telemetryFor(provider).seen;
      for (const kind of ['request', 'response', 'retry', 'error'] as const)
        expect(seen[kind], kind).toBeGreaterThan(0);
      expect(telemetryFor(provider).spans).toBeGreaterThan(0);
    });
  }

  it('credentials refused by each simulator (HTTP 401) leak neither the canary nor the key given', async () => {
    const costplusSim = await startCostplusSimulator({ apiKey: canaries.costplus.apiKey });
    const conomySim = await startConomySimulator({
      apiKey: canaries.conomy.apiKey,
      clientId: canaries.conomy.clientId,
      clientSecret: canaries.conomy.clientSecret,
      webhookSecret: canaries.conomy.webhookSecret,
    });
    const hsaSim = await startHsaSimulator({
      apiKey: canaries['hsa-provider'].apiKey,
      webhookSecret: canaries['hsa-provider'].webhookSecret,
    });
    try {
      const wrong = {
        costplus: `${canaries.costplus.apiKey}_revoked`,
        conomySecret: `${canaries.conomy.clientSecret}_rotated`,
        conomyKey: `${canaries.conomy.apiKey}_old`,
        hsa: `${canaries['hsa-provider'].apiKey}_old`,
      };
      for (const key of Object.values(wrong)) for (const p of providers) auditFor(p).addSecret(key);
      const before = providers.map((p) => auditFor(p).leaks.length);
      const clients: Array<[ProviderId, string, PaymentLinks]> = [
        [
          'costplus',
          'wrong API key',
          fromProvider(costplus({ apiKey: wrong.costplus, baseUrl: costplusSim.baseUrl })),
        ],
        [
          'conomy',
          'wrong client secret',
          fromProvider(
            conomy({
              apiKey: canaries.conomy.apiKey,
              clientId: canaries.conomy.clientId,
              clientSecret: wrong.conomySecret,
              baseUrl: conomySim.baseUrl,
            }),
          ),
        ],
        [
          'conomy',
          'wrong x-api-key',
          fromProvider(
            conomy({
              apiKey: wrong.conomyKey,
              clientId: canaries.conomy.clientId,
              clientSecret: canaries.conomy.clientSecret,
              baseUrl: conomySim.baseUrl,
            }),
          ),
        ],
        [
          'conomy',
          'revoked access token, no client credentials',
          fromProvider(
            conomy({
              apiKey: canaries.conomy.apiKey,
              accessToken: canaries.conomy.accessToken,
              baseUrl: conomySim.baseUrl,
            }),
          ),
        ],
        [
          'hsa-provider',
          'wrong API key',
          fromProvider(hsaProvider({ apiKey: wrong.hsa, baseUrl: hsaSim.baseUrl })),
        ],
      ];
      for (const [provider, name, client] of clients) {
        observed(provider, client);
        const result = await client.te.get('link_1')();
        expect(E.isLeft(result) && result.left._tag).toBe('AuthenticationError');
        await audited(provider, `simulator refuses the ${name}`, client);
      }
      providers.forEach((p, i) => expect(auditFor(p).leaks.slice(before[i])).toEqual([]));
    } finally {
      await Promise.all([costplusSim.close(), conomySim.close(), hsaSim.close()]);
    }
  });

  it('bad settings and configurations holding secrets: the thrown ValidationError names the key, not the value', () => {
    const before = providers.map((p) => auditFor(p).leaks.length);
    const attempts: Array<[ProviderId, string, () => unknown]> = [
      [
        'costplus',
        'apiKey too long (the value is refused)',
        () => costplus({ apiKey: `${canaries.costplus.apiKey}${'x'.repeat(600)}` }),
      ],
      [
        'costplus',
        'timeoutMs holding the key',
        () => costplus({ apiKey: canaries.costplus.apiKey, timeoutMs: canaries.costplus.apiKey as never }),
      ],
      [
        'costplus',
        'baseUrl holding the key',
        () => costplus({ apiKey: canaries.costplus.apiKey, baseUrl: `ftp://${canaries.costplus.apiKey}` }),
      ],
      [
        'conomy',
        'clientId missing, secrets present',
        () =>
          conomy({
            apiKey: canaries.conomy.apiKey,
            clientSecret: canaries.conomy.clientSecret,
            webhookSecret: canaries.conomy.webhookSecret,
          } as never),
      ],
      [
        'conomy',
        'userAgent holding the client secret',
        () =>
          conomy({
            apiKey: canaries.conomy.apiKey,
            clientId: 'c',
            clientSecret: canaries.conomy.clientSecret,
            userAgent: 7 as never,
            apiVersion: canaries.conomy.clientSecret.repeat(3),
          }),
      ],
      [
        'hsa-provider',
        'amountFields holding the webhook secret',
        () =>
          hsaProvider({
            apiKey: canaries['hsa-provider'].apiKey,
            webhookSecret: canaries['hsa-provider'].webhookSecret,
            amountFields: canaries['hsa-provider'].webhookSecret as never,
          }),
      ],
      [
        'hsa-provider',
        'createPaymentLinks with a bad setting',
        () =>
          createPaymentLinks(
            // Deliberately wrong (a key where a number goes), as a JSON file could have it.
            uncheckedConfig({
              provider: 'hsa-provider',
              'hsa-provider': {
                apiKey: canaries['hsa-provider'].apiKey,
                timeoutMs: canaries['hsa-provider'].apiKey,
              },
            }),
            { 'hsa-provider': hsaProvider },
          ),
      ],
      [
        'conomy',
        'configuration from the environment, one setting bad',
        () =>
          createPaymentLinks(
            configFromEnv(
              {
                PAYLINKS_PROVIDER: 'conomy',
                PAYLINKS_CONOMY_API_KEY: canaries.conomy.apiKey,
                PAYLINKS_CONOMY_CLIENT_ID: canaries.conomy.clientId,
                PAYLINKS_CONOMY_CLIENT_SECRET: canaries.conomy.clientSecret,
                PAYLINKS_CONOMY_WEBHOOK_SECRET: canaries.conomy.webhookSecret,
                PAYLINKS_CONOMY_TIMEOUT_MS: canaries.conomy.webhookSecret,
              },
              { conomy },
            ),
            { conomy },
          ),
      ],
    ];
    for (const [provider, name, attempt] of attempts) {
      let thrown: unknown;
      try {
        attempt();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, name).toBeDefined();
      auditFor(provider).error(`settings: ${name}`, thrown);
      scenario(provider, `bad settings: ${name}`);
    }
    providers.forEach((p, i) => expect(auditFor(p).leaks.slice(before[i])).toEqual([]));
  });
});
