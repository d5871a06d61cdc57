// Runs one side of the end-to-end comparison alone, for `node --cpu-prof`:
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof scripts/bench/profile-one.mjs <adapter> <adapter|rawAxios|nodeHttp|inMemory> [concurrency=1] [seconds=5]
//   node scripts/bench/profile-summary.mjs .bench/prof/<newest>.cpuprofile
import { nodeHttpSequence, rawAxiosSequence } from './baselines.mjs';
import {
  benchSettings,
  createGetSequence,
  inMemoryTransport,
  loadAdapters,
  measureWindow,
  startCannedServer,
} from './bench-setup.mjs';
import { routes } from './fixtures.mjs';

const [provider = 'hsa-provider', side = 'adapter', concurrency = '1', seconds = '5'] = process.argv.slice(2);
const { factories } = await loadAdapters();
const { child, origin, call } = await startCannedServer();

const adapter = createGetSequence(
  factories[provider]({
    ...benchSettings[provider],
    baseUrl: `${origin}${routes[provider].base}`,
    // inMemory: the adapter over an axios stand-in answering the documented bodies (paylinks' own work alone).
    ...(side === 'inMemory' ? { httpClient: inMemoryTransport(provider) } : {}),
  }),
  provider,
);
await call('/__record/start');
await adapter();
const recorded = await call('/__record/stop');
const seq = {
  adapter,
  inMemory: adapter,
  rawAxios: rawAxiosSequence(origin, recorded).seq,
  nodeHttp: nodeHttpSequence(origin, recorded).seq,
}[side];

const { cpuMicrosPerSeq, seqPerSecond } = await measureWindow(
  seq,
  Number(concurrency),
  Number(seconds) * 1000,
);
console.log(
  `${provider} ${side} c=${concurrency}: ${seqPerSecond.toFixed(0)} seq/s, ${cpuMicrosPerSeq.toFixed(1)} µs CPU/seq`,
);
child.send('stop');
process.exit(0);
