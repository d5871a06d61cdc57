// Cold import of one module (a path or a package name) in a fresh process: prints milliseconds.
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
const specifier = target.startsWith('/') ? pathToFileURL(target).href : target;
const t0 = performance.now();
await import(specifier);
process.stdout.write(`${(performance.now() - t0).toFixed(2)}\n`);
