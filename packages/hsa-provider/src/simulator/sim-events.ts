// Webhook events: the envelope, its signature, the endpoints and the log of what was sent.
import { signTimestamped } from '@paylinks/core/adapter';
import { BoundedLog, type ManualClock, type WebhookSender } from '@paylinks/testing';

import { newId } from './sim-state.js';

/** An event the simulator sent (to every registered endpoint). */
export interface HsaSimEvent {
  readonly id: string;
  readonly type: string;
  readonly body: string;
}

/** Sends `{id, type, created_at, data}` events, signed, to every registered endpoint. */
export class HsaEvents {
  /** Registered endpoints (the dashboard's Settings → Webhooks). */
  readonly endpoints: Set<string>;
  private readonly sent: BoundedLog<HsaSimEvent>;

  constructor(
    private readonly o: {
      readonly clock: ManualClock;
      readonly webhooks: WebhookSender;
      readonly secret: string;
      readonly auth: 'signature' | 'bearer';
      readonly endpoints: ReadonlyArray<string>;
      readonly logSize: number | undefined;
    },
  ) {
    this.endpoints = new Set(o.endpoints);
    this.sent = new BoundedLog(o.logSize);
  }

  emit(type: string, data: Record<string, unknown>): void {
    const now = this.o.clock.now();
    const id = newId('evt');
    const body = JSON.stringify({ id, type, created_at: now.toISOString(), data });
    this.sent.push({ id, type, body });
    const headers: Record<string, string> =
      this.o.auth === 'bearer'
        ? { Authorization: `Bearer ${this.o.secret}` }
        : { 'X-Gale-Signature': signTimestamped(this.o.secret, body, Math.floor(now.getTime() / 1000)) };
    for (const url of this.endpoints) this.o.webhooks.send({ url, headers, body });
  }

  /** The events sent, oldest first (the newest `logSize`). */
  log(): HsaSimEvent[] {
    return this.sent.toArray();
  }
}
