// What the RELIABILITY.md renderers share: how a figure, a tally and a table row are written, and
// how a section between its markers is put into the file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A figure: a number with thousands separators, anything else as text, `-` when absent. */
export const n = (value) => (typeof value === 'number' ? value.toLocaleString('en') : String(value ?? '-'));

/** A tally (`{ key: count }`) as `key count, key count`. */
export const list = (record) =>
  Object.entries(record ?? {})
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');

/** A Markdown table row. */
export const row = (cells) => `| ${cells.join(' | ')} |`;

/**
 * Puts `md` (which starts with `<!-- name:start -->` and ends with `<!-- name:end -->`) into the file
 * at `output` in place of the section between those markers, or at its end when it has none.
 */
export function writeMarkedSection(output, name, md) {
  const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  // A function replacement: `$` in the section's text is written as it is.
  writeFileSync(
    output,
    marked.test(current) ? current.replace(marked, () => md) : `${current.trimEnd()}\n\n${md}\n`,
  );
}
