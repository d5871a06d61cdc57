import type { Fulfilment, Ledger } from '@paylinks/ledger';

/** A command of the ledger proof to one worker. */
export type WorkerCommand =
  | { readonly op: 'create'; readonly provider: string; readonly input: unknown }
  | {
      readonly op: 'deliver';
      readonly provider: string;
      readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
      /** The raw body, base64. */
      readonly body: string;
    }
  | { readonly op: 'sync'; readonly options: Readonly<Record<string, unknown>> }
  | {
      readonly op: 'adopt';
      readonly key: { provider: string; scope: string; reference: string };
      readonly linkId: string;
    }
  | { readonly op: 'forget'; readonly key: { provider: string; scope: string; reference: string } };

/** A worker's answer. */
export type WorkerReply =
  | {
      readonly ok: true;
      readonly linkId?: string;
      readonly outcome?: string;
      readonly fulfilmentId?: string;
      readonly report?: {
        readonly intents: Readonly<Record<string, number>>;
        readonly links: Readonly<Record<string, number>>;
      };
    }
  | {
      readonly ok: false;
      readonly tag: string;
      readonly message: string;
      readonly status?: string;
      readonly code?: string;
    };

/** What a worker tells the test besides replies. */
export type WorkerEvent =
  | { readonly ev: 'sync-claimed'; readonly owner: string; readonly ids: ReadonlyArray<string> }
  | { readonly ev: 'handler'; readonly id: string }
  | { readonly ev: 'handler-end'; readonly id: string }
  | {
      readonly ev: 'fulfilment-failed';
      readonly id: string;
      readonly tag: string;
      readonly message: string;
      readonly code?: string;
    };

export interface WorkerRuntime {
  readonly owner: string;
  handle(command: WorkerCommand): Promise<WorkerReply>;
  stop(): Promise<void>;
}

export function createWorkerRuntime<Tx>(options: {
  readonly ledger: Ledger<Tx>;
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly owner: string;
  readonly fulfil: (fulfilment: Fulfilment, tx: Tx) => Promise<void>;
  readonly report: (event: WorkerEvent) => void;
  readonly createLeaseMs: number;
  readonly fulfilmentLeaseMs: number;
}): WorkerRuntime;
