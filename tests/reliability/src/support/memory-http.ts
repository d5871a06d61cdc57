import type { AxiosInstance } from 'axios';

/** What the stand-in saw of one request. */
export interface MemoryRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: unknown;
}

/** The stand-in's answer: status, body (JSON text or anything axios could hand over) and headers. */
export interface MemoryAnswer {
  readonly status: number;
  readonly data: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An in-memory axios stand-in: a function with a `request(config)` method, plus the requests it got. */
export type MemoryHttpClient = AxiosInstance & { readonly calls: MemoryRequest[] };

/**
 * Builds the `httpClient` setting of an adapter that answers from memory, so
 * the full HTTP boundary (status handling, JSON parse, codec, redaction) runs
 * without sockets. `answer` may also throw, as axios does on a network failure.
 */
export function memoryHttpClient(answer: (request: MemoryRequest) => MemoryAnswer): MemoryHttpClient {
  const calls: MemoryRequest[] = [];
  const request = async (config: {
    method?: string;
    url?: string;
    headers?: Record<string, string>;
    data?: unknown;
  }) => {
    const seen: MemoryRequest = {
      method: (config.method ?? 'GET').toUpperCase(),
      url: config.url ?? '',
      headers: config.headers ?? {},
      data: config.data,
    };
    calls.push(seen);
    const out = answer(seen);
    return { status: out.status, statusText: '', data: out.data, headers: out.headers ?? {}, config };
  };
  const client = Object.assign(
    () => {
      throw new Error('the in-memory stand-in is called through request()');
    },
    { request, calls },
  );
  return client as unknown as MemoryHttpClient;
}
