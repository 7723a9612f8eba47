/**
 * The README's command-line transcript is what the CLI prints for the README's own design
 * file: every line but the wall times. (Its event count had drifted by one unnoticed.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './inMemory';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's design file: the first json block under "The design file". */
function readmeDesign(): string {
  const from = readme.indexOf('## The design file');
  const m = /```json\n([\s\S]*?)```/.exec(readme.slice(from));
  if (!m) throw new Error('no design in the README');
  return m[1];
}

/** What the transcript shows after `$ npx spillway <command>`, up to the next prompt or the block's end. */
function transcript(command: string): string {
  const block = /```text\n([\s\S]*?)```/g;
  for (let m = block.exec(readme); m; m = block.exec(readme)) {
    const start = m[1].indexOf(`$ npx spillway ${command}\n`);
    if (start < 0) continue;
    const rest = m[1].slice(start + `$ npx spillway ${command}\n`.length);
    const end = rest.indexOf('\n$ ');
    return end < 0 ? rest : rest.slice(0, end + 1);
  }
  throw new Error(`no transcript of ${command}`);
}

const noWall = (s: string) => s.replace(/\d+ ms wall/g, 'N ms wall').trimEnd();

describe('the README transcript', () => {
  const files = { 'design.json': readmeDesign() };

  it('run design.json prints what the README shows', () => {
    const r = runCli(['run', 'design.json'], files);
    expect(r.code).toBe(0);
    expect(noWall(r.stdout)).toBe(noWall(transcript('run design.json')));
  });

  it('the sweep prints what the README shows', () => {
    const cmd = 'sweep design.json --param nodes.api.params.instances --values 1,2,3 --duration 60';
    const r = runCli(cmd.split(' '), files);
    expect(r.code).toBe(0);
    expect(noWall(r.stdout)).toBe(noWall(transcript(cmd)));
  });
});
