#!/usr/bin/env node
// Fails (exit 1) when the TypeScript modules under a directory (default: src) import each other
// in a cycle, and names every cycle. Type-only imports count: a cycle of types is still two
// modules that cannot be understood, moved or split apart. Imports are read with the TypeScript
// compiler's pre-processor (static imports, `export ... from`, `import()`, `import type`) and
// resolved as the compiler resolves them (NodeNext: './x.js' is './x.ts').
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const OPTIONS = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: false };

function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(m|c)?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.resolve(entry.parentPath, entry.name))
    .sort();
}

/** Every module of `files` that `file` imports. */
function importsOf(file, files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const found = new Set();
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved !== undefined && files.has(path.resolve(resolved))) found.add(path.resolve(resolved));
  }
  return [...found].sort();
}

/** The strongly connected components with more than one module, or one importing itself (Tarjan). */
function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const result = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    for (let member; member !== node;) {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    }
    if (component.length > 1 || graph.get(node).includes(node)) result.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return result;
}

/** One shortest path of imports from `start` back to itself, inside `component`. */
function loopThrough(start, graph, component) {
  const members = new Set(component);
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of graph.get(node)) {
      if (next === start) {
        const loop = [start];
        for (let at = node; at !== start; at = previous.get(at)) loop.splice(1, 0, at);
        return [...loop, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

const root = path.resolve(process.argv[2] ?? 'src');
const files = sourceFiles(root);
const known = new Set(files);
const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
const found = cycles(graph);
const shown = (file) => path.relative(process.cwd(), file);
for (const component of found) {
  const loop = loopThrough(component[0], graph, component).map(shown).join(' -> ');
  const more = component.length > loop.split(' -> ').length - 1 ? ` (${component.length} modules in the cycle: ${component.map(shown).join(', ')})` : '';
  process.stderr.write(`import cycle: ${loop}${more}\n`);
}
if (found.length > 0) process.exit(1);
process.stdout.write(`import cycles: none among ${files.length} modules under ${shown(root) || '.'}\n`);
