/**
 * The type declarations the in-browser editor needs: every .d.ts the TypeScript compiler loads to
 * check examples/ (rocketmq-client-nodejs, its dependencies, @types/node), the package.json files
 * that lead to them, and the shared helpers under examples/. Keys are `file:///` paths as Monaco
 * sees them: `file:///node_modules/...` and `file:///examples/...`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { examplesDir } from './examples.ts';

/** A map from `file:///` path to file content. */
export type TypeFiles = Record<string, string>;

/** The compiler options the editor uses too: ES modules, bundler resolution, `.ts` imports. */
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Collect the declaration files and shared example helpers for the editor, keyed by `file:///` path. */
export function collectEditorTypes(): TypeFiles {
  const roots = listTypeScript(examplesDir);
  const program = ts.createProgram(roots, compilerOptions);
  const nodeModules = path.resolve('node_modules');
  const files: TypeFiles = {};
  for (const source of program.getSourceFiles()) {
    const file = path.resolve(source.fileName);
    if (!file.startsWith(nodeModules + path.sep) || file.includes(`${path.sep}typescript${path.sep}lib${path.sep}`)) continue;
    files[toUri(file)] = source.text;
    const pkg = packageJsonOf(file);
    if (pkg && !files[toUri(pkg)]) files[toUri(pkg)] = typesOnlyPackageJson(pkg);
  }
  for (const file of sharedExampleFiles(roots)) files[toUri(file)] = fs.readFileSync(file, 'utf8');
  return files;
}

/** Every .ts file under a folder. */
function listTypeScript(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/** Example files other examples import (examples/lib/ and any sibling helper): the editor needs them to resolve imports. */
function sharedExampleFiles(roots: string[]): Set<string> {
  const shared = new Set(roots.filter((file) => file.startsWith(path.join(examplesDir, 'lib') + path.sep)));
  for (const file of roots) {
    for (const imported of ts.preProcessFile(fs.readFileSync(file, 'utf8')).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), imported.fileName);
      if (target.startsWith(examplesDir + path.sep) && fs.existsSync(target)) shared.add(target);
    }
  }
  return shared;
}

/** The package.json at the root of the package a file belongs to (node_modules/<name> or node_modules/@scope/<name>). */
function packageJsonOf(file: string): string | undefined {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const [first, second] = file.slice(at + marker.length).split(path.sep);
  const root = path.join(file.slice(0, at + marker.length), first.startsWith('@') ? path.join(first, second) : first);
  const candidate = path.join(root, 'package.json');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** A package.json reduced to the fields module resolution reads. */
function typesOnlyPackageJson(file: string): string {
  const { name, version, main, types, typings, exports } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ name, version, main, types, typings, exports });
}

/** The `file:///` path Monaco uses for a file of this project. */
function toUri(file: string): string {
  return `file:///${path.relative(process.cwd(), file).split(path.sep).join('/')}`;
}
