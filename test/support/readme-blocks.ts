/** Code blocks of the repository's READMEs, for the tests that compile and run them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './pack.js';

/** One fenced code block. */
export interface ReadmeBlock {
  /** README path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** The reason given by a `// sketch: <reason>` first line: the block is not compiled. */
  sketch?: string;
  /** The prose just before the block says it runs ("runs as written", "runnable"): the suite runs it. */
  runnable: boolean;
}

/** Every README.md of the repository (root, packages, examples), node_modules aside. */
export function readmeFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'README.md') out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

/** The fenced blocks of one README. */
export function readmeBlocks(file: string): ReadmeBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i] as string);
    if (!open || !open[2]) continue;
    const indent = (open[1] as string).length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] as string); j++)
      body.push((lines[j] as string).slice(indent));
    const code = `${body.join('\n')}\n`;
    const sketch = /^\/\/ sketch: (.+)$/.exec(body[0] ?? '')?.[1];
    const prose = lines.slice(Math.max(0, i - 4), i).join(' ');
    const runnable = /runs as written|runnable/i.test(prose);
    blocks.push({ file, line: i + 1, lang: open[2], code, runnable, ...(sketch ? { sketch } : {}) });
    i = j;
  }
  return blocks;
}

/** Splits a block made of several files (`// main.ts`, `// app.module.ts` …) into its files. */
export function splitFiles(code: string): Record<string, string> {
  const files: Record<string, string> = {};
  let current: string | undefined;
  for (const line of code.split('\n')) {
    const name = /^\/\/ ([\w.-]+\.ts)$/.exec(line)?.[1];
    if (name) current = name;
    else if (current !== undefined) files[current] = `${files[current] ?? ''}${line}\n`;
  }
  return files;
}
