// Summarises a `node --cpu-prof` profile: self time per area (paylinks
// package, axios, io-ts, fp-ts, node internals, ...) and the top functions,
// with optional inclusive time of named functions.
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof --expose-gc scripts/bench/run.mjs --only=endToEnd --quick
//   node scripts/bench/profile-summary.mjs .bench/prof/<file>.cpuprofile [top=40] [inclusive=fnA,fnB]
import { readFileSync } from 'node:fs';

const [file, ...args] = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`${name}=`))?.split('=')[1] ?? fallback;
const top = Number(option('top', '40'));
const inclusiveNames = option('inclusive', '').split(',').filter(Boolean);

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the sample stream.
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url) {
  if (url === '') return 'native / GC / idle';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /packages\/([^/]+)\//.exec(url);
  if (own) return `@paylinks/${own[1]}`;
  return 'bench scripts';
}

const areas = new Map();
const functions = new Map();
for (const [id, t] of self) {
  const { callFrame } = byId.get(id);
  const a = area(callFrame.url);
  areas.set(a, (areas.get(a) ?? 0) + t);
  const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(node_modules|packages)\//, '')}:${callFrame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + t);
}
const pct = (t) => `${((t / total) * 100).toFixed(1)}%`;
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by area');
for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`  ${pct(t).padStart(6)}  ${a}`);
console.log(`\ntop ${top} functions by self time`);
for (const [f, t] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, top))
  console.log(`  ${pct(t).padStart(6)}  ${f}`);

// Inclusive time of named functions: samples whose stack holds one (counted once per sample).
if (inclusiveNames.length > 0) {
  console.log('\ninclusive time');
  for (const name of inclusiveNames) {
    let t = 0;
    for (const [id, dt] of self) {
      for (let n = id; n !== undefined; n = parent.get(n)) {
        if (byId.get(n).callFrame.functionName === name) {
          t += dt;
          break;
        }
      }
    }
    console.log(`  ${pct(t).padStart(6)}  ${name}`);
  }
}

// Callers of named functions (or `file.js:line`): the frame just above, weighted by the callee's self time.
const callerNames = option('callers', '').split(',').filter(Boolean);
for (const name of callerNames) {
  const callers = new Map();
  for (const [id, dt] of self) {
    const frame = byId.get(id).callFrame;
    const at = `${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    if (frame.functionName !== name && at !== name) continue;
    const up = byId.get(parent.get(id))?.callFrame;
    const key =
      up === undefined
        ? '(root)'
        : `${up.functionName || '(anonymous)'} ${up.url.replace(/^.*\/(node_modules|packages)\//, '')}:${up.lineNumber + 1}`;
    callers.set(key, (callers.get(key) ?? 0) + dt);
  }
  console.log(`\ncallers of ${name}`);
  for (const [c, t] of [...callers].sort((x, y) => y[1] - x[1]).slice(0, 15))
    console.log(`  ${pct(t).padStart(6)}  ${c}`);
}

// Callees of a named function: self time under it, grouped by function (inclusive of deeper frames).
const calleeNames = option('callees', '').split(',').filter(Boolean);
for (const name of calleeNames) {
  const under = new Map();
  for (const [id, dt] of self) {
    const chain = [];
    for (let n = id; n !== undefined; n = parent.get(n)) chain.push(n);
    const at = chain.findIndex((n) => byId.get(n).callFrame.functionName === name);
    if (at < 0) continue;
    const child = at === 0 ? id : chain[at - 1];
    const f = byId.get(child).callFrame;
    const key =
      at === 0
        ? '(self)'
        : `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|packages)\//, '')}:${f.lineNumber + 1}`;
    under.set(key, (under.get(key) ?? 0) + dt);
  }
  console.log(`\nunder ${name}`);
  for (const [c, t] of [...under].sort((x, y) => y[1] - x[1]).slice(0, 15))
    console.log(`  ${pct(t).padStart(6)}  ${c}`);
}
