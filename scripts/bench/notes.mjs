// Hand-written parts of BENCHMARKS.md: what the profiles found and why a
// target is not met. Kept apart from the measuring code so a rerun
// regenerates the figures without losing the analysis.

/** Said about the machine's state during the run. */
export const conditionsNote =
  'The machine was shared with other work during this run; the compared sides are interleaved round by round, so a ratio is measured under the same load on both sides, while absolute figures move with the load.';

/** Why a target is not met, by target id. */
export const unmetReasons = {};

/** The profiling notes: causes found with `node --cpu-prof` and what was done. */
export const causes = [
  '## Causes found by profiling, and fixes',
  '',
  'To be written after the first profiles.',
];
