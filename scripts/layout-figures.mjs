#!/usr/bin/env node
// Layout figures of the workspace: source lines per package, core's share, the names each
// package entry point exports (values and types), import circles, and the longest function
// per package. `--circles` prints only the circles and exits 1 when there is one; `--json`
// prints the figures as JSON. Reads the TypeScript sources (no build needed).
//
//   node scripts/layout-figures.mjs [--json | --circles]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');

/** Every .ts file under a folder (node_modules and dist skipped). */
function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const isTest = (path) => /\.test\.ts$|\.bench\.ts$|\/__tests__\//.test(path);

/** Lines of a file, as `wc -l` counts them. */
function countLines(text) {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Relative module specifiers a file imports or re-exports, type-only ones included. */
function importsOf(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specs = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      specs.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { source, specs: specs.filter((s) => s.startsWith('.')) };
}

/** Resolves `./x.js` to the .ts file on disk (or `./x/index.ts`). */
function resolveSpec(from, spec, known) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

/** Elementary circles of a graph (Johnson's idea, small graphs): each reported once. */
function findCircles(graph) {
  const nodes = [...graph.keys()].sort();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const circles = [];
  for (const start of nodes) {
    const s = index.get(start);
    const path = [start];
    const onPath = new Set([start]);
    const walk = (node) => {
      for (const next of graph.get(node) ?? []) {
        const i = index.get(next);
        if (i === undefined || i < s) continue;
        if (next === start) circles.push([...path]);
        else if (!onPath.has(next)) {
          onPath.add(next);
          path.push(next);
          walk(next);
          path.pop();
          onPath.delete(next);
        }
      }
    };
    walk(start);
  }
  return circles;
}

/** Groups of files that reach each other (strongly connected, more than one file). */
function circleGroups(circles) {
  const groups = [];
  for (const circle of circles) {
    const overlapping = groups.filter((g) => circle.some((f) => g.has(f)));
    const merged = new Set(circle);
    for (const g of overlapping) {
      for (const f of g) merged.add(f);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  return groups;
}

/** The longest function-like node of a source file. */
function longestFunction(source) {
  let best = { lines: 0, name: '' };
  const nameOf = (node) => {
    if (node.name && ts.isIdentifier(node.name)) return node.name.text;
    if (node.name) return node.name.getText(source);
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
    return '(anonymous)';
  };
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > best.lines) best = { lines, name: nameOf(node) };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return best;
}

/** Names an entry point exports, split into runtime values and types. */
function entryExports(entries) {
  if (entries.length === 0) return new Map();
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const out = new Map();
  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    const symbol = source && checker.getSymbolAtLocation(source);
    const values = [];
    const types = [];
    for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const typeOnly = exported.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration?.(d));
      if (target.flags & ts.SymbolFlags.Value && !typeOnly) values.push(exported.name);
      else types.push(exported.name);
    }
    out.set(entry.name, { values: values.sort(), types: types.sort() });
  }
  return out;
}

function packageFigures() {
  const packages = readdirSync(packagesDir).filter((n) => statSync(join(packagesDir, n)).isDirectory());
  const all = [];
  const entries = [];
  for (const name of packages.sort()) {
    const dir = join(packagesDir, name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = tsFiles(join(dir, 'src'));
    let lines = 0;
    let longest = { lines: 0, name: '', file: '' };
    for (const file of files.filter((f) => !isTest(f))) {
      const text = readFileSync(file, 'utf8');
      lines += countLines(text);
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const fn = longestFunction(source);
      if (fn.lines > longest.lines) longest = { ...fn, file: relative(root, file) };
    }
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target !== 'object') continue;
      const file = join(dir, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
      entries.push({ name: `${manifest.name}${subpath === '.' ? '' : subpath.slice(1)}`, file });
    }
    all.push({ name: manifest.name, lines, longest });
  }
  return { all, entries };
}

function circleFigures() {
  const files = [
    ...tsFiles(packagesDir),
    ...tsFiles(join(root, 'tests')),
    ...tsFiles(join(root, 'docs', 'examples')),
  ];
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const { specs } = importsOf(file, readFileSync(file, 'utf8'));
    const targets = new Set();
    for (const spec of specs) {
      const target = resolveSpec(file, spec, known);
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return findCircles(graph).map((circle) => circle.map((f) => relative(root, f)));
}

const mode = process.argv[2];
if (mode === '--circles') {
  const circles = circleFigures();
  for (const circle of circles) console.log(`circle: ${[...circle, circle[0]].join(' -> ')}`);
  console.log(`${circles.length} import circle(s)`);
  process.exit(circles.length === 0 ? 0 : 1);
}

const { all, entries } = packageFigures();
const exportsByEntry = entryExports(entries);
const circles = circleFigures();
const total = all.reduce((sum, p) => sum + p.lines, 0);
const core = all.find((p) => p.name === '@paylinks/core');
const figures = {
  linesPerPackage: Object.fromEntries(all.map((p) => [p.name, p.lines])),
  totalLines: total,
  coreShare: core ? Math.round((core.lines / total) * 1000) / 10 : 0,
  entries: Object.fromEntries(
    [...exportsByEntry].map(([name, e]) => [name, { values: e.values.length, types: e.types.length }]),
  ),
  circles: circles.length,
  circleGroups: circleGroups(circles).length,
  longestFunction: Object.fromEntries(
    all.map((p) => [p.name, `${p.longest.name} (${p.longest.lines} lines, ${p.longest.file})`]),
  ),
};
if (mode === '--json') {
  console.log(JSON.stringify({ ...figures, circleList: circles }, null, 2));
} else {
  console.log('Source lines per package (src, tests excluded, as wc -l counts):');
  for (const p of all) console.log(`  ${p.name.padEnd(24)} ${String(p.lines).padStart(6)}`);
  console.log(`  ${'total'.padEnd(24)} ${String(total).padStart(6)}  (core ${figures.coreShare}%)`);
  console.log('Names exported by each entry point (values + types):');
  for (const [name, e] of exportsByEntry) {
    console.log(`  ${name.padEnd(32)} ${e.values.length} values + ${e.types.length} types`);
  }
  const groups = circleGroups(circles);
  console.log(
    `Import circles: ${circles.length} (in ${groups.length} group(s) of files that import each other)`,
  );
  for (const g of groups) console.log(`  group: ${[...g].sort().join(', ')}`);
  for (const circle of circles) console.log(`  ${[...circle, circle[0]].join(' -> ')}`);
  console.log('Longest function per package:');
  for (const [name, text] of Object.entries(figures.longestFunction))
    console.log(`  ${name.padEnd(24)} ${text}`);
}
