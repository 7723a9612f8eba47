#!/usr/bin/env node
// The `spillway` command: registers tsx so Node can load the TypeScript sources, then
// hands over to src/cli/main.ts (which holds all the logic and returns the exit code).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const debug = process.env.SPILLWAY_DEBUG === '1';

// `spillway run x.json --json | head` must not die with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  const { main } = await import(new URL('src/cli/main.ts', root).href);
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  process.exitCode = main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
    writeFile: (path, chunks) => {
      const fd = openSync(path, 'w');
      try {
        for (const chunk of chunks) writeSync(fd, chunk, null, 'utf8');
      } finally {
        closeSync(fd);
      }
    },
    now: () => performance.now(),
    progress: process.stderr.isTTY === true,
    env: process.env,
    version: pkg.version,
  });
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`spillway: internal error: ${message.replace(/\s+/g, ' ')}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  process.exitCode = 1;
}
