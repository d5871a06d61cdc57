// The conformance suite's state: the adapter, its simulator and a client over it.
import { expect } from 'vitest';

import { fromProvider, type PaymentLinks } from '@paylinks/core';
import type { CreatePaymentLinkInput, PaymentLink, PaymentLinkProvider } from '@paylinks/core/adapter';
import { expectRight } from '../expect-either.js';
import type { ProviderSimulator } from '../provider-simulator.js';
import { startWebhookReceiver, type WebhookReceiver } from '../webhook-receiver.js';

/** Options of {@link describeConformance}. */
export interface ConformanceOptions {
  /** The adapter factory (`costplus`, `conomy`, `hsaProvider`). */
  readonly adapter: (settings: never) => PaymentLinkProvider;
  /** Starts a fresh simulator of the same provider. */
  readonly startSimulator: () => Promise<ProviderSimulator>;
  /**
   * Changes the suite's create input (a portable one: reference, amount,
   * description, success and failure URLs, plus the per-link webhook URL
   * where the provider takes one). Shipped adapters need nothing here.
   */
  readonly createInput?: (base: CreatePaymentLinkInput) => CreatePaymentLinkInput;
  /**
   * The input that makes a draft, for providers with drafts whose create
   * activates by default (Conomy: `providerOptions.conomy.activate: false`).
   */
  readonly draftInput?: (base: CreatePaymentLinkInput) => CreatePaymentLinkInput;
  /** Whether `link.reference` comes back as the input's `reference` (default true). */
  readonly referenceRoundTrips?: boolean;
  /** Currency of the suite's links (default EUR). */
  readonly currency?: string;
}

type Settings = Record<string, unknown>;

/**
 * What the conformance cases share: the simulator, the webhook receiver and
 * the client, made in {@link start} (a `beforeAll`), and the inputs and
 * links the cases build from them.
 */
export class ConformanceSuite {
  /** The provider's simulator (set by {@link start}). */
  sim!: ProviderSimulator;
  /** Where the simulator sends webhooks (set by {@link start}). */
  receiver!: WebhookReceiver;
  /** The client most cases use (set by {@link start}). */
  client!: PaymentLinks;
  private counter = 0;

  constructor(readonly options: ConformanceOptions) {}

  /** Starts the simulator and the receiver and builds the client (the suite's `beforeAll`). */
  async start(): Promise<void> {
    this.sim = await this.options.startSimulator();
    this.receiver = await startWebhookReceiver();
    this.client = this.clientWith();
    if (!this.client.capabilities.webhookUrlPerLink) {
      // One webhook URL per account: register it as the provider's dashboard would.
      expect(this.sim.setWebhookUrl, `${this.sim.provider} simulator must offer setWebhookUrl`).toBeTypeOf(
        'function',
      );
      this.sim.setWebhookUrl?.(this.receiver.url);
    }
  }

  /** Stops the simulator and the receiver. */
  async close(): Promise<void> {
    await this.sim.close();
    await this.receiver.close();
  }

  /** A client of the simulator, retrying twice quickly unless `extra` says otherwise. */
  clientWith(extra: Settings = {}, credentials: { invalidCredentials?: boolean } = {}): PaymentLinks {
    const make = this.options.adapter as (settings: Settings) => PaymentLinkProvider;
    return fromProvider(
      make({
        ...this.sim.adapterSettings(credentials),
        retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 200 },
        ...extra,
      }),
    );
  }

  /** A client that does not retry, so a fault shows as its own error. */
  noRetry(): PaymentLinks {
    return this.clientWith({ retry: { maxRetries: 0 } });
  }

  /** A portable create input with a fresh reference. */
  input(overrides: Partial<CreatePaymentLinkInput> = {}): CreatePaymentLinkInput {
    this.counter += 1;
    const base: CreatePaymentLinkInput = {
      reference: `conformance-${this.counter}-${Date.now().toString(36)}`,
      amount: { amount: 1995, currency: this.options.currency ?? 'EUR' },
      description: `Conformance invoice ${this.counter}`,
      successUrl: 'https://merchant.example/paid',
      failureUrl: 'https://merchant.example/failed',
      ...(this.client.capabilities.webhookUrlPerLink ? { webhookUrl: this.receiver.url } : {}),
      ...overrides,
    };
    return this.options.createInput !== undefined ? this.options.createInput(base) : base;
  }

  /** The input that makes a draft where the provider has drafts. */
  draftInput(): CreatePaymentLinkInput {
    return this.options.draftInput !== undefined ? this.options.draftInput(this.input()) : this.input();
  }

  /** A created link, activated first where the provider made a draft. */
  async create(
    c: PaymentLinks = this.client,
    overrides: Partial<CreatePaymentLinkInput> = {},
  ): Promise<PaymentLink> {
    const link = await expectRight(c.te.create(this.input(overrides)));
    return link.status.unified === 'draft' && c.capabilities.activate
      ? expectRight(c.te.activate(link.id))
      : link;
  }
}
