import { runDemo } from './demo-run.js';

// `pnpm demo` runs this file: the end-to-end demo against the three simulators.
process.exit(
  await runDemo({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }),
);
