// A loop over one adapter's `decodeLink` of one documented body, for `node --cpu-prof`:
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof scripts/bench/profile-decode.mjs <adapter> <fixture> [seconds=4]
//   node scripts/bench/profile-summary.mjs .bench/prof/<newest>.cpuprofile
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { linkBodies } from './fixtures.mjs';

const [provider = 'hsa-provider', fixture = 'cancel-response.plain.json', seconds = '4'] =
  process.argv.slice(2);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (pkg) => join(root, 'packages', pkg, 'dist/index.js');
const make = {
  costplus: async () => (await import(dist('costplus'))).costplus({ apiKey: 'bench_key_0123456789' }),
  conomy: async () =>
    (await import(dist('conomy'))).conomy({
      apiKey: 'bench_key_0123456789',
      accessToken: 'bench_token_0123456789',
    }),
  'hsa-provider': async () =>
    (await import(dist('hsa-provider'))).hsaProvider({ apiKey: 'glm_test_bench_key_0123456789' }),
}[provider];
const client = await make();
const body = JSON.parse(linkBodies[provider][fixture]);
const cpu = process.cpuUsage();
let done = 0;
const end = performance.now() + Number(seconds) * 1000;
while (performance.now() < end) {
  for (let i = 0; i < 1000; i++) if (client.decodeLink(body)._tag !== 'Right') throw new Error('refused');
  done += 1000;
}
const used = process.cpuUsage(cpu);
console.log(`${provider} ${fixture}: ${((used.user + used.system) / done).toFixed(3)} µs CPU per decodeLink`);
