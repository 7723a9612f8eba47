/** Serves dist/ with `vite preview` on port 4173 for the browser tests, and stops it afterwards. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const PORT = 4173;
const root = join(__dirname, '../..');

async function up(url: string): Promise<boolean> {
  try {
    const r = await fetch(url);
    return r.ok;
  } catch {
    return false;
  }
}

export default async function setup() {
  if (!existsSync(join(root, 'dist/index.html')))
    throw new Error('dist/ is missing: run `npm run build` before `npm run test:e2e`.');
  const url = `http://localhost:${PORT}/`;
  if (await up(url)) throw new Error(`port ${PORT} is already in use: stop the other server first`);
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [vite, 'preview', '--port', String(PORT), '--strictPort', '--host', 'localhost'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const t0 = Date.now();
  while (!(await up(url))) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    if (Date.now() - t0 > 30_000) {
      child.kill();
      throw new Error(`vite preview did not start in 30 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
