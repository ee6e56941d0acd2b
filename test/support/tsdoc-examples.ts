/**
 * The ```ts blocks under `@example` in the TSDoc of the packages' sources, and a type-check of them all with the
 * TypeScript compiler API. Each block is an in-memory ES module beside the file it documents
 * (`<file>.tsdoc-<line>.ts`), so imports resolve as in that package: `@paywire/core` and its subpaths through the
 * `@paywire/source` condition (the public entry points, as the README check does), `./ledger.js` for an internal
 * module. Nothing is written to disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { root } from './pack.js';

/** One ```ts block under an `@example` tag. */
export interface TsdocExample {
  /** Source path relative to the repository root. */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  code: string;
}

/** An example and the TypeScript errors in it, each as `file:line: TSnnnn message` (the line in the source file). */
export interface CheckedExample extends TsdocExample {
  errors: string[];
}

/** The .ts sources of packages/* (src/ only): tests, __fixtures__ and __test-support__ aside. */
export function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('__') && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(relative(root, path));
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', pkg, 'src'));
  return out.sort();
}

/**
 * The `@example` blocks of one source text: inside a `/** … *\/` comment, every ```ts (or ```typescript) fence after
 * an `@example` tag and before the next tag. An `@example` with no such fence is returned with `code: ''` so that a
 * caller can refuse it.
 */
export function tsdocExamples(file: string, text: string): TsdocExample[] {
  const lines = text.split('\n');
  const out: TsdocExample[] = [];
  let inDoc = false;
  let example: { line: number; blocks: number } | undefined;
  const closeExample = () => {
    if (example && example.blocks === 0) out.push({ file, line: example.line, code: '' });
    example = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (!inDoc) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw.trim().slice(3))) inDoc = true;
      continue;
    }
    if (raw.includes('*/')) {
      closeExample();
      inDoc = false;
      continue;
    }
    const body = raw.replace(/^\s*\* ?/, '');
    if (/^\s*@\w+/.test(body)) {
      closeExample();
      if (/^\s*@example\b/.test(body)) example = { line: i + 1, blocks: 0 };
      continue;
    }
    const fence = /^(\s*)```(\w*)\s*$/.exec(body);
    if (!fence || !example) continue;
    const indent = (fence[1] as string).length;
    const code: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j] as string).includes('*/'); j++) {
      const inner = (lines[j] as string).replace(/^\s*\* ?/, '');
      if (/^\s*```\s*$/.test(inner)) break;
      code.push(inner.slice(indent));
    }
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      out.push({ file, line: i + 2, code: `${code.join('\n')}\n` });
      example.blocks++;
    }
    i = j;
  }
  closeExample();
  return out;
}

/** The path of an example's in-memory module: beside its source file. */
const modulePath = (e: TsdocExample) => join(root, `${e.file.replace(/\.ts$/, '')}.tsdoc-${e.line}.ts`);

/**
 * Type-checks examples, each as its own module with `prelude` (a global script) in scope, under the repository's
 * tsconfig.base.json (strict) with the `@paywire/source` condition. `files` overrides or adds source texts by path
 * relative to the root (the test that a broken example fails uses it); by default every file of
 * {@link sourceFiles}.
 */
export function checkTsdocExamples(prelude: string, files?: Record<string, string>): CheckedExample[] {
  const texts = files ?? Object.fromEntries(sourceFiles().map((f) => [f, readFileSync(join(root, f), 'utf8')]));
  const examples: CheckedExample[] = Object.entries(texts)
    .flatMap(([file, text]) => tsdocExamples(file, text))
    .map((e) => ({ ...e, errors: e.code === '' ? [`${e.file}:${e.line}: @example without a \`\`\`ts block`] : [] }));
  const checked = examples.filter((e) => e.code !== '');

  const virtual = new Map<string, string>();
  const preludePath = join(root, 'test', 'tsdoc', '.prelude.d.ts');
  virtual.set(preludePath, prelude);
  for (const [file, text] of Object.entries(texts)) virtual.set(join(root, file), text);
  const byPath = new Map<string, CheckedExample>();
  for (const e of checked) {
    const path = modulePath(e);
    // each block is its own module; the prelude declares what a snippet takes from the code around it
    virtual.set(path, `${e.code}export {};\n`);
    byPath.set(path, e);
  }

  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  Object.assign(options, {
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    customConditions: ['@paywire/source'],
    types: ['node'],
  } satisfies ts.CompilerOptions);
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.getCurrentDirectory = () => root;
  host.fileExists = (p) => virtual.has(p) || fileExists.call(host, p);
  host.readFile = (p) => virtual.get(p) ?? readFile.call(host, p);
  host.getSourceFile = (p, lang, onError, create) => {
    const text = virtual.get(p);
    return text === undefined ? getSourceFile.call(host, p, lang, onError, create) : ts.createSourceFile(p, text, lang);
  };
  const program = ts.createProgram([preludePath, ...byPath.keys()], options, host);

  const report = (d: ts.Diagnostic, example?: CheckedExample) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const where = example ? `${example.file}:${example.line + line}` : `${relative(root, d.file.fileName)}:${line + 1}`;
    return `${where}: TS${d.code} ${message}`;
  };
  for (const [path, example] of byPath) {
    const sf = program.getSourceFile(path);
    if (!sf) {
      example.errors.push(`${example.file}:${example.line}: not compiled`);
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
      example.errors.push(report(d, example));
  }
  // the prelude and the options must be sound too: their errors go to every example, so none passes unnoticed
  const prel = program.getSourceFile(preludePath);
  const general = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...(prel ? [...program.getSyntacticDiagnostics(prel), ...program.getSemanticDiagnostics(prel)] : []),
  ].map((d) => report(d));
  if (general.length > 0) for (const e of checked) e.errors.push(...general.map((g) => `(prelude/options) ${g}`));
  return examples;
}
