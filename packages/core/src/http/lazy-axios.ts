// An axios instance loaded on first use, with keep-alive agents.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import type { AxiosInstance } from 'axios';

/** What the HTTP boundary uses of an axios instance: `request`. Any axios instance is one. */
export type AxiosLike = Pick<AxiosInstance, 'request'>;

/**
 * The boundary's default axios instance (keep-alive agents, `maxSockets`
 * sockets per host), made when the first request is sent rather than when
 * core is imported: axios and its dependencies are most of core's cold
 * import, which a process that only verifies webhooks, or starts and
 * serves health checks first, should not pay. Callable like an axios
 * instance, so it can be handed to another adapter as `httpClient`.
 */
export function lazyAxiosInstance(maxSockets: number): AxiosLike {
  let instance: AxiosInstance | undefined;
  let loading: Promise<AxiosInstance> | undefined;
  const load = (): Promise<AxiosInstance> =>
    (loading ??= import('axios').then(({ default: axios }) => {
      instance = axios.create({
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      });
      return instance;
    }));
  // Once loaded, requests go straight to the instance (no extra promise hop).
  const request: AxiosInstance['request'] = (config) =>
    instance !== undefined ? instance.request(config) : load().then((loaded) => loaded.request(config));
  const loadingOrDone = () => (instance === undefined ? load() : undefined);
  return Object.assign((config: Parameters<AxiosInstance['request']>[0]) => request(config), {
    request,
    [pendingLoad]: loadingOrDone,
  });
}

const pendingLoad = Symbol('paylinks.pendingAxiosLoad');

/**
 * The load still to wait for before `instance` can send, or `undefined`
 * (loaded already, or an instance that was never lazy). The boundary waits
 * for it before a try's deadline starts: loading axios is not the provider
 * being slow, and a request that times out while axios loads never left.
 */
export function axiosLoading(instance: AxiosLike): Promise<unknown> | undefined {
  const pending = (instance as { [pendingLoad]?: () => Promise<unknown> | undefined })[pendingLoad];
  return pending === undefined ? undefined : pending();
}
