// Measuring helpers shared by the bench sections: timed windows, interleaved
// rounds and the median-with-spread every ratio is reported as.

export const round = (n, d = 0) => Number(n.toFixed(d));

export const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `{ median, min, max }` of per-round values, rounded to `d` places. */
export function spread(values, d = 3) {
  return {
    median: round(median(values), d),
    min: round(Math.min(...values), d),
    max: round(Math.max(...values), d),
    rounds: values.length,
  };
}

/** `0.93 (0.91-0.95)`: a median with the range of the rounds it came from. */
export const showSpread = (s, d = 2) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}-${s.max.toFixed(d)})`;

/**
 * Synchronous calls of `fn` per second of this process's CPU time, over one
 * window of `ms` wall time, counting in batches so the clock is read rarely.
 * CPU time, not wall time: on a shared machine a window loses a varying
 * share of its wall time to other processes, and its CPU time does not.
 */
export function syncRate(fn, ms, batch = 200) {
  let count = 0;
  let sink;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  do {
    for (let i = 0; i < batch; i++) sink = fn();
    count += batch;
  } while (performance.now() - start < ms);
  const cpu = process.cpuUsage(cpuBefore);
  if (sink === Symbol.for('never')) console.log(sink); // keeps the result alive
  return (count / (cpu.user + cpu.system)) * 1e6;
}

/**
 * Runs `sides` (name -> function measuring one window) for `rounds` rounds,
 * rotating which side goes first each round so no side always runs on a
 * warmer or colder machine. Returns name -> array of per-round results.
 */
export async function interleave(sides, rounds, { gc = true } = {}) {
  const names = Object.keys(sides);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      // Each window starts with a clean heap, so it pays for its own garbage, not the last side's.
      if (gc) global.gc?.();
      out[name].push(await sides[name]());
    }
  }
  return out;
}
