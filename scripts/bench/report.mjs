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
  const text = lines.join('\n');
  for (const section of sections) {
    if (section.markers === undefined || results[section.id] === undefined) continue;
    const count = text.split(section.markers.start).length - 1;
    if (count !== 1) throw new Error(`BENCHMARKS.md would hold the ${section.id} section ${count} times`);
  }
  return text;
}

/**
 * `text` with the section between `start` and `end` replaced by `section`:
 * every marked copy is removed and the new one takes the place of the first
 * (appended when there is none). A section written by its own script (ledger,
 * observability) thus appears once, even in a file that a merge left with two.
 */
export function replaceMarkedSection(text, { start, end }, section) {
  const copies = [];
  for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + start.length)) {
    const close = text.indexOf(end, at);
    if (close < 0) throw new Error(`${start} without ${end}`);
    copies.push([at, close + end.length]);
    at = close;
  }
  if (copies.length === 0) return `${text.trimEnd()}\n\n${section}\n`;
  let out = '';
  let from = 0;
  copies.forEach(([at, to], i) => {
    // A removed copy takes the blank line before it along.
    out += i === 0 ? `${text.slice(from, at)}${section}` : text.slice(from, at).replace(/\n+$/, '\n');
    from = to;
  });
  return `${out}${text.slice(from)}`;
}
