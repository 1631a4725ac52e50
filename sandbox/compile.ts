/** Turn an example (file or edited code) into one ES module that plain `node` runs: no tsx at run time. */
import path from 'node:path';
import { build } from 'esbuild';

export type Compiled = { ok: true; file: string } | { ok: false; message: string };

/**
 * Bundle the example with its local imports (examples/lib) into `outFile`; packages stay
 * imports, resolved from the project's node_modules because outFile lives inside the project.
 * `code` replaces the file's contents (an edited cell) but resolves imports from the same folder.
 */
export async function compileExample(file: string, outFile: string, code?: string): Promise<Compiled> {
  const source = path.basename(file);
  try {
    await build({
      ...(code === undefined
        ? { entryPoints: [file] }
        : { stdin: { contents: code, resolveDir: path.dirname(file), sourcefile: source, loader: 'ts' } }),
      outfile: outFile,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    return { ok: true, file: outFile };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number; column: number; lineText: string } }[] }).errors ?? [];
    const message = errors.length
      ? errors.map((e) => (e.location ? `${source}:${e.location.line}:${e.location.column + 1}: ${e.text}\n    ${e.location.lineText}` : e.text)).join('\n')
      : String(error);
    return { ok: false, message };
  }
}
