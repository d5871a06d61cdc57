#!/usr/bin/env node
// `pnpm new-adapter <id> [--name "Display Name"] [--root DIR] [--no-install]`: creates packages/<id>,
// a working adapter with its simulator (the reference adapter, Cost+, renamed: it passes the shared
// conformance suite as generated, and you change it into your provider), and registers it:
// the CLI registry line, the CLI's dependency and project reference, the root tsconfig reference
// and tsconfig.test.json's paths. vitest.config.ts finds the package by itself.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The adapter every new one starts from, and how its names are spelled. */
const template = {
  id: 'costplus',
  camel: 'costplus',
  pascal: 'Costplus',
  upper: 'COSTPLUS',
  display: 'Cost+',
};

/** Ids the script takes: lower-case words joined by single hyphens, 3 to 40 characters. */
export const idPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Names under packages/ that are not adapters, and words an id may not be. */
const reserved = new Set([
  ...['core', 'cli', 'testing', 'router', 'ledger', 'postgres', 'adapter', 'simulator', 'examples'],
  ...['constructor', 'prototype', 'proto', 'default', 'node-modules'],
]);

/** Why `id` cannot name a new adapter under `root`, or undefined when it can. */
export function idProblem(id, root) {
  if (typeof id !== 'string' || id === '') return 'an adapter id is required: pnpm new-adapter <id>';
  if (id.length < 3 || id.length > 40 || !idPattern.test(id))
    return `bad adapter id ${JSON.stringify(id)}: use 3-40 lower-case letters and digits, words joined by single hyphens (e.g. acme-pay)`;
  if (reserved.has(id)) return `bad adapter id "${id}": it is reserved`;
  if (existsSync(join(root, 'packages', id))) return `packages/${id} already exists`;
  return undefined;
}

/** The spellings of an id: `acme-pay` -> acmePay, AcmePay, ACME_PAY. */
export function spellings(id, display) {
  const words = id.split('-');
  const camel = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  const pascal = camel[0].toUpperCase() + camel.slice(1);
  return { id, camel, pascal, upper: words.join('_').toUpperCase(), display: display ?? pascal };
}

/** The template's text with the new adapter's names. */
function rename(text, to) {
  return text
    .replaceAll(`@paylinks/${template.id}`, `@paylinks/${to.id}`)
    .replaceAll(`'${template.id}'`, `'${to.id}'`)
    .replaceAll(`"${template.id}"`, `"${to.id}"`)
    .replaceAll(`${template.id}-`, `${to.id}-`)
    .replaceAll(template.pascal, to.pascal)
    .replaceAll(template.upper, to.upper)
    .replaceAll(template.camel, to.camel)
    .replaceAll(template.display, to.display);
}

/** Every file under `dir`, as paths relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

/** Sorts each `toEqual([...])` list of quoted names: renamed names may sort differently. */
function sortPinnedLists(text) {
  return text.replace(/toEqual\(\[\n([\s\S]*?)\n(\s*)\]\)/g, (_all, body, indent) => {
    const names = body
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (!names.every((n) => /^'[^']*',$/.test(n))) return _all;
    const lead = body.match(/^\s*/)[0];
    return `toEqual([\n${names
      .sort()
      .map((n) => lead + n)
      .join('\n')}\n${indent}])`;
  });
}

/** Writes packages/<id>: sources and simulator renamed from the template, its own tests, README, configs. */
function writePackage(root, to) {
  const from = join(root, 'packages', template.id);
  const dest = join(root, 'packages', to.id);
  const keepTest = new Set([`${template.id}-conformance.test.ts`, 'surface.test.ts']);
  for (const file of walk(join(from, 'src'))) {
    const name = file.split('/').pop();
    if (file.includes('__fixtures__') || (name.endsWith('.test.ts') && !keepTest.has(name))) continue;
    const target = join(dest, 'src', rename(file, to));
    mkdirSync(dirname(target), { recursive: true });
    const source = readFileSync(join(from, 'src', file), 'utf8');
    // In the surface test a quoted 'costplus' is the factory's name, not the id.
    const text =
      name === 'surface.test.ts'
        ? sortPinnedLists(rename(source.replaceAll(`'${template.id}',`, `'${to.camel}',`), to))
        : rename(source, to);
    writeFileSync(target, text);
  }
  cpSync(join(from, 'tsconfig.json'), join(dest, 'tsconfig.json'));
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  pkg.name = `@paylinks/${to.id}`;
  pkg.version = '0.0.0';
  pkg.description = `${to.display} payment-link adapter and simulator for paylinks.`;
  writeFileSync(join(dest, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dest, 'README.md'), readme(to));
}

function readme(to) {
  return `# @paylinks/${to.id}

${to.display} payment links for \`@paylinks/core\`, and a simulator of the ${to.display} API to test against.

Generated by \`pnpm new-adapter ${to.id}\` from the reference adapter (Cost+'s wire format): it builds,
passes the shared conformance suite and is registered in the CLI. Now change each file into
${to.display}'s API, following docs/adding-a-provider.md, and keep \`pnpm vitest run --project ${to.id}\` green.

\`\`\`ts
import { fromProvider } from '@paylinks/core';
import { ${to.camel} } from '@paylinks/${to.id}';

const links = fromProvider(${to.camel}({ apiKey: process.env.${to.upper}_API_KEY! }));
\`\`\`

The simulator: \`start${to.pascal}Simulator()\` from \`@paylinks/${to.id}/simulator\`, which also exports
\`${to.camel}Descriptor\`, what the CLI, the demo, \`paylinks simulate\` and the shared suites read.
`;
}

/** Adds the descriptor to the CLI registry: its import and its line. */
function register(root, to) {
  const path = join(root, 'packages/cli/src/registry.ts');
  let text = readFileSync(path, 'utf8');
  const marker = '  // new-adapter: descriptors above this line';
  if (!text.includes(marker)) throw new Error(`${path}: no "${marker.trim()}" line`);
  text = text.replace(marker, `  ${to.camel}Descriptor,\n${marker}`);
  const importLine = `import { ${to.camel}Descriptor } from '@paylinks/${to.id}/simulator';`;
  const lines = text.split('\n');
  const imports = lines
    .map((l, i) => [l, i])
    .filter(([l]) => l.startsWith('import { ') && l.includes("'@paylinks/"));
  const after = imports.filter(([l]) => l.split("'@paylinks/")[1] < `${to.id}/simulator';`).pop();
  const at = after !== undefined ? after[1] + 1 : imports[0][1];
  lines.splice(at, 0, importLine);
  writeFileSync(path, lines.join('\n'));
}

function editJson(path, edit) {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  // One-key objects on one line, as the configs are written (prettier keeps an expanded object expanded).
  const text = JSON.stringify(value, null, 2).replace(/\{\s*("path": "[^"]*")\s*\}/g, '{ $1 }');
  writeFileSync(path, `${text}\n`);
}

/** The CLI depends on the package; the root build and the tests' type check know it. */
function wireConfigs(root, to) {
  editJson(join(root, 'packages/cli/package.json'), (pkg) => {
    pkg.dependencies[`@paylinks/${to.id}`] = 'workspace:^';
    pkg.dependencies = Object.fromEntries(
      Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
  });
  const addReference = (path, ref, before) =>
    editJson(path, (config) => {
      const at = config.references.findIndex((r) => r.path === before);
      config.references.splice(at === -1 ? config.references.length : at, 0, { path: ref });
    });
  addReference(join(root, 'packages/cli/tsconfig.json'), `../${to.id}`, '../postgres');
  addReference(join(root, 'tsconfig.json'), `packages/${to.id}`, 'packages/postgres');
  editJson(join(root, 'tsconfig.test.json'), (config) => {
    const paths = config.compilerOptions.paths;
    const entries = Object.entries(paths);
    const at = entries.findIndex(([k]) => k === '@paylinks/cli');
    entries.splice(
      at === -1 ? entries.length : at,
      0,
      [`@paylinks/${to.id}`, [`./packages/${to.id}/src/index.ts`]],
      [`@paylinks/${to.id}/*`, [`./packages/${to.id}/src/*/index.ts`]],
    );
    config.compilerOptions.paths = Object.fromEntries(entries);
  });
}

/** Runs the command line; answers the exit code. */
export function main(argv, log = console) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, root: { type: 'string' }, 'no-install': { type: 'boolean' } },
  });
  const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
  const id = positionals[0];
  const problem = positionals.length > 1 ? 'one adapter id, please' : idProblem(id, root);
  if (problem !== undefined) {
    log.error(`new-adapter: ${problem}`);
    return 1;
  }
  const to = spellings(id, values.name);
  writePackage(root, to);
  register(root, to);
  wireConfigs(root, to);
  const touched = [
    `packages/${id}`,
    'packages/cli/src/registry.ts',
    'packages/cli/package.json',
    'packages/cli/tsconfig.json',
    'tsconfig.json',
    'tsconfig.test.json',
  ];
  // This checkout's prettier, never one fetched by npx.
  const prettier = fileURLToPath(new URL('../node_modules/prettier/bin/prettier.cjs', import.meta.url));
  execFileSync(process.execPath, [prettier, '--log-level', 'warn', '--write', ...touched], {
    cwd: root,
    stdio: 'inherit',
  });
  if (values['no-install'] !== true)
    execFileSync('pnpm', ['install', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
  log.log(
    `created packages/${id} (${to.display}) and registered it: ${touched.slice(1).join(', ')}\n` +
      `next: pnpm build && pnpm vitest run --project ${id}`,
  );
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
