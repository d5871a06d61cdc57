import { envName } from '@paylinks/core';
import { ManualClock } from '@paylinks/testing';

import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { isProviderId, providerIds, type ProviderId } from './registry.js';
import { simulatorCredentials, startSimulator, type RunningSimulator } from './simulators.js';

/** Options of {@link simulateCommand}. */
export interface SimulateOptions {
  /** First port; the next simulators take the following ones. Any free port when absent. */
  readonly port?: number;
  /** Webhook URL registered on simulators that take one per account. */
  readonly webhookUrl?: string;
}

/** Which providers to simulate: the named ones in order, or all three. */
export function simulatedProviders(names: ReadonlyArray<string>): ProviderId[] {
  const chosen: ProviderId[] = [];
  for (const name of names) {
    if (!isProviderId(name)) {
      throw new CliError(`unknown provider "${name}": simulate takes ${providerIds.join(', ')}`);
    }
    if (!chosen.includes(name)) chosen.push(name);
  }
  return chosen.length > 0 ? chosen : [...providerIds];
}

function waitForStop(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    if (io.signal !== undefined) {
      if (io.signal.aborted) resolve('abort');
      else io.signal.addEventListener('abort', () => resolve('abort'), { once: true });
      return;
    }
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function envHint(simulator: RunningSimulator): string {
  const settings = simulatorCredentials(simulator);
  const prefix = `PAYLINKS_${envName(simulator.provider)}_`;
  const vars = Object.entries(settings)
    .filter(([, value]) => typeof value === 'string')
    .map(
      ([key, value]) => `${prefix}${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}=${String(value)}`,
    );
  return `#   PAYLINKS_PROVIDER=${simulator.provider} ${vars.join(' ')}`;
}

/**
 * `paylinks simulate [providers] [--port N]`: starts the simulators on
 * 127.0.0.1 with a clock that follows real time, prints one JSON line per
 * provider (`{provider, baseUrl, credentials}`) on stdout and a how-to on
 * stderr, then runs until SIGINT / SIGTERM (or `io.signal`) and closes them.
 */
export async function simulateCommand(
  io: CliIo,
  names: ReadonlyArray<string>,
  options: SimulateOptions,
): Promise<number> {
  const providers = simulatedProviders(names);
  if (options.port !== undefined && options.port !== 0 && options.port + providers.length - 1 > 65_535) {
    throw new CliError(`--port ${options.port} leaves no room for ${providers.length} consecutive ports`);
  }
  const clock = new ManualClock(new Date(), { ticking: true });
  const running: RunningSimulator[] = [];
  const closeAll = () => Promise.allSettled(running.map((s) => s.close()));
  try {
    for (const [i, provider] of providers.entries()) {
      const port = options.port !== undefined && options.port !== 0 ? options.port + i : 0;
      try {
        running.push(await startSimulator(provider, { host: '127.0.0.1', port, clock }));
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw new CliError(
          code === 'EADDRINUSE'
            ? `--port: 127.0.0.1:${port} is in use (needed for ${provider})`
            : `could not start the ${provider} simulator: ${(e as Error).message}`,
        );
      }
    }
  } catch (e) {
    await closeAll();
    throw e;
  }

  for (const simulator of running) {
    if (options.webhookUrl !== undefined) simulator.setWebhookUrl?.(options.webhookUrl);
    io.stdout.write(
      `${JSON.stringify({ provider: simulator.provider, baseUrl: simulator.baseUrl, credentials: simulatorCredentials(simulator) })}\n`,
    );
  }
  io.stderr.write(
    [
      `# ${running.length} simulator${running.length === 1 ? '' : 's'} on 127.0.0.1; Ctrl-C stops them. Use one with:`,
      ...running.map(envHint),
      '',
    ].join('\n'),
  );
  await waitForStop(io);
  await closeAll();
  io.stderr.write('# simulators stopped\n');
  return ExitCode.ok;
}
