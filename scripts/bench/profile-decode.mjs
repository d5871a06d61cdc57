// A loop over one adapter's `decodeLink` of one documented body, for `node --cpu-prof`:
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof scripts/bench/profile-decode.mjs <adapter> <fixture> [seconds=4]
//   node scripts/bench/profile-summary.mjs .bench/prof/<newest>.cpuprofile
import { benchSettings, loadAdapters } from './bench-setup.mjs';
import { linkBodies } from './fixtures.mjs';

const [provider = 'hsa-provider', fixture = 'cancel-response.plain.json', seconds = '4'] =
  process.argv.slice(2);
const { factories } = await loadAdapters();
const client = factories[provider](benchSettings[provider]);
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
