// Renders BENCHMARKS.md: the machine and its load, every target beside its
// figure, each section with how it was measured, then the profiling notes.
import { causes, conditionsNote, unmetReasons } from './notes.mjs';

export function renderReport(machine, sections, results) {
  const lines = [
    '# Benchmarks',
    '',
    'Reproduce with `pnpm bench` (builds, then runs `scripts/bench/run.mjs`; `--quick` for a shorter run,',
    '`--only=<section ids>` to print some sections without writing this file). Raw figures of the last run',
    'are in `.bench/results.json` (not committed).',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; run ${machine.date}${machine.quick ? ' (quick run)' : ''}.`,
    `Load average (1, 5, 15 min) before the run ${machine.conditions.loadAverageBefore.join(', ')}, after ${machine.conditions.loadAverageAfter.join(', ')}.`,
    conditionsNote,
    '',
    '## Targets',
    '',
    '| target | figure (median of interleaved rounds) | met | why, where not met |',
    '|---|---|---|---|',
  ];
  for (const section of sections) {
    if (results[section.id] === undefined || section.targets === undefined) continue;
    for (const row of section.targets(results[section.id])) {
      lines.push(
        `| ${row.target} | ${row.figure} | ${row.met ? 'yes' : 'no'} | ${row.met ? '' : (unmetReasons[row.id] ?? 'not met in this run; see the section below')} |`,
      );
    }
  }
  for (const section of sections) {
    if (results[section.id] === undefined) continue;
    lines.push('', ...section.render(results[section.id], { machine, results }));
  }
  lines.push('', ...causes, '');
  return lines.join('\n');
}
