// Cold import of one module in a fresh process: prints milliseconds.
const target = process.argv[2];
const t0 = performance.now();
await import(target);
process.stdout.write(`${(performance.now() - t0).toFixed(2)}\n`);
