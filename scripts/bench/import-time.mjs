// Cold import of one module (a path or a package name) in a fresh process: prints the wall
// milliseconds and the process CPU milliseconds the import took.
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
const specifier = target.startsWith('/') ? pathToFileURL(target).href : target;
const cpu = process.cpuUsage();
const t0 = performance.now();
await import(specifier);
const wall = performance.now() - t0;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ wallMs: wall, cpuMs: (used.user + used.system) / 1000 })}\n`);
