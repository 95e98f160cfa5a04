import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { buildKustomization, KUSTOMIZATION_FILE_NAMES } from './build-kustomization.js';
import { appendParsedInput, emptyParsedInput, parseDocuments, type ParsedInput } from './parse-documents.js';

/** Inputs larger than this are refused unread; the API server stores objects of at most 1.5 MiB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const KUSTOMIZE_TIMEOUT_MS = 120_000;
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadInputsOptions {
  /**
   * Reads all of standard input, for the path `-`.
   * @default reads `process.stdin` (UTF-8, at most 64 MiB)
   */
  readonly readStdin?: () => Promise<string>;
  /**
   * Command that runs kubectl, to build folders that hold a kustomization.
   * @default 'kubectl'
   */
  readonly kubectl?: string;
  /** Stops reading between files; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each file (or stdin, or kustomize build) is read, with running totals. */
  readonly onProgress?: (progress: { readonly files: number; readonly documents: number }) => void;
}

interface Walk {
  readonly signal?: AbortSignal;
  readonly onProgress?: ReadInputsOptions['onProgress'];
  files: number;
  readonly result: ParsedInput;
  readonly kubectl: string;
  readonly readStdin: () => Promise<string>;
  /** Real paths already read, so two routes to one file or folder read it once. */
  readonly seenFiles: Set<string>;
  readonly seenFolders: Set<string>;
  stdinRead: boolean;
}

interface Ancestor {
  readonly realPath: string;
  readonly display: string;
}

/**
 * Reads Kubernetes objects from files, folders and `-` (stdin), in the order given.
 *
 * - A folder is read recursively: its `.yaml`, `.yml` and `.json` files, in order of name at each
 *   level (code-point order, the same on every machine). Entries whose names start with `.` are
 *   passed over (`.git`, `.github` workflows). Symlinks are followed; one that leads back into a
 *   folder being read is an error, and a file or folder reached twice is read once.
 * - A folder holding a `kustomization.yaml` (or `kustomization.yml`, `Kustomization`), at any level,
 *   is built with `kubectl kustomize DIR` instead, and its output is named after the folder.
 * - File names are as the user gave them; files inside a folder are joined onto it (`demo/web.yaml`).
 *
 * Never throws: every problem is one `InputError`, and the other inputs are still read.
 */
export async function readInputs(paths: readonly string[], options: ReadInputsOptions = {}): Promise<ParsedInput> {
  const walk: Walk = {
    result: emptyParsedInput(),
    kubectl: options.kubectl ?? 'kubectl',
    readStdin: options.readStdin ?? readProcessStdin,
    seenFiles: new Set(),
    seenFolders: new Set(),
    stdinRead: false,
    signal: options.signal,
    onProgress: options.onProgress,
    files: 0,
  };
  for (const given of paths) {
    options.signal?.throwIfAborted();
    await readPath(walk, given);
  }
  return walk.result;
}

function record(walk: Walk, parsed: ParsedInput): void {
  appendParsedInput(walk.result, parsed);
  walk.files += 1;
  walk.onProgress?.({ files: walk.files, documents: walk.result.objects.length + walk.result.skipped.length });
}

function addError(walk: Walk, file: string, message: string): void {
  walk.result.errors.push({ file, message });
}

async function readPath(walk: Walk, given: string): Promise<void> {
  if (given === '-') {
    await readStandardInput(walk);
    return;
  }
  let stats;
  try {
    stats = await stat(given);
  } catch (error) {
    addError(walk, given, describeFileSystemError(error));
    return;
  }
  if (stats.isDirectory()) await readFolder(walk, given, given, []);
  else if (stats.isFile()) await readRegularFile(walk, given, given);
  // A pipe such as `<(helm template ...)` or `/dev/stdin`: its size is unknown until read.
  else await readSpecialFile(walk, given);
}

async function readStandardInput(walk: Walk): Promise<void> {
  if (walk.stdinRead) {
    addError(walk, '-', 'standard input is given more than once; it can be read only once');
    return;
  }
  walk.stdinRead = true;
  let text: string;
  try {
    text = await walk.readStdin();
  } catch (error) {
    addError(walk, '-', oneLine(error instanceof Error ? error.message : String(error)));
    return;
  }
  record(walk, parseDocuments(text, '-'));
}

async function readFolder(walk: Walk, display: string, folder: string, ancestors: readonly Ancestor[]): Promise<void> {
  let entries: Dirent[];
  let realPath: string;
  try {
    realPath = await realpath(folder);
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    addError(walk, display, describeFileSystemError(error));
    return;
  }
  const loop = ancestors.find((ancestor) => ancestor.realPath === realPath);
  if (loop) {
    addError(walk, display, `symlink loop: leads back to ${loop.display}, which is being read already`);
    return;
  }
  if (walk.seenFolders.has(realPath)) return;
  walk.seenFolders.add(realPath);

  const kustomization = KUSTOMIZATION_FILE_NAMES.find((name) =>
    entries.some((entry) => entry.name === name && !entry.isDirectory()),
  );
  if (kustomization) {
    await readKustomization(walk, display, folder, kustomization);
    return;
  }

  const inside = [...ancestors, { realPath, display }];
  const sorted = entries
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    walk.signal?.throwIfAborted();
    const childDisplay = path.join(display, entry.name);
    const child = path.join(folder, entry.name);
    let isFolder = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(child);
        isFolder = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        // A dangling link named like a manifest was meant to be read; a link cycle is always worth saying.
        if (hasManifestExtension(entry.name) || errorCode(error) === 'ELOOP') {
          addError(walk, childDisplay, describeFileSystemError(error));
        }
        continue;
      }
    }
    if (isFolder) await readFolder(walk, childDisplay, child, inside);
    else if (isFile && hasManifestExtension(entry.name)) await readRegularFile(walk, childDisplay, child);
  }
}

function hasManifestExtension(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase());
}

async function readKustomization(walk: Walk, display: string, folder: string, kustomizationName: string): Promise<void> {
  const outcome = await buildKustomization({
    kubectl: walk.kubectl,
    directory: folder,
    kustomizationName,
    maxBytes: MAX_INPUT_BYTES,
    timeoutMs: KUSTOMIZE_TIMEOUT_MS,
  });
  if (!outcome.ok) {
    addError(walk, display, outcome.message);
    return;
  }
  record(walk, parseDocuments(outcome.output, display));
}

async function readRegularFile(walk: Walk, display: string, file: string): Promise<void> {
  let buffer: Buffer;
  try {
    const realPath = await realpath(file);
    if (walk.seenFiles.has(realPath)) return;
    walk.seenFiles.add(realPath);
    const { size } = await stat(file);
    if (size > MAX_INPUT_BYTES) {
      addError(walk, display, `file is ${formatMebibytes(size)}, over the ${formatMebibytes(MAX_INPUT_BYTES)} limit for one input; refusing to read it`);
      return;
    }
    buffer = await readFile(file);
  } catch (error) {
    addError(walk, display, describeFileSystemError(error));
    return;
  }
  parseBuffer(walk, display, buffer);
}

async function readSpecialFile(walk: Walk, display: string): Promise<void> {
  const read = await readCapped(createReadStream(display));
  if (!read.ok) {
    addError(walk, display, read.message);
    return;
  }
  parseBuffer(walk, display, read.buffer);
}

function parseBuffer(walk: Walk, display: string, buffer: Buffer): void {
  const decoded = decodeInput(buffer);
  if (!decoded.ok) {
    addError(walk, display, decoded.message);
    return;
  }
  record(walk, parseDocuments(decoded.text, display));
}

type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly message: string };

function readCapped(stream: Readable): Promise<Outcome<{ buffer: Buffer }>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > MAX_INPUT_BYTES) {
        stream.destroy();
        resolve({ ok: false, message: `input is over the ${formatMebibytes(MAX_INPUT_BYTES)} limit for one input; refusing to read it` });
        return;
      }
      chunks.push(bytes);
    });
    stream.on('error', (error) => resolve({ ok: false, message: describeFileSystemError(error) }));
    stream.on('end', () => resolve({ ok: true, buffer: Buffer.concat(chunks) }));
  });
}

async function readProcessStdin(): Promise<string> {
  const read = await readCapped(process.stdin);
  if (!read.ok) throw new Error(read.message);
  const decoded = decodeInput(read.buffer);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.text;
}

function decodeInput(buffer: Buffer): Outcome<{ text: string }> {
  // Windows PowerShell 5 writes `>` redirections as UTF-16 with a byte-order mark.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return decode(buffer, 'utf-16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return decode(buffer, 'utf-16be');
  if (buffer.includes(0)) return { ok: false, message: 'binary file (contains NUL bytes), not YAML or JSON' };
  return decode(buffer, 'utf-8');
}

function decode(buffer: Buffer, encoding: string): Outcome<{ text: string }> {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(buffer) };
  } catch {
    return { ok: false, message: `not valid ${encoding.toUpperCase()} text (a binary file?), not YAML or JSON` };
  }
}

function formatMebibytes(bytes: number): string {
  const mebibytes = bytes / 1024 / 1024;
  return `${Number.isInteger(mebibytes) ? mebibytes : mebibytes.toFixed(1)} MiB`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeFileSystemError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop (too many levels of symbolic links)';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENAMETOOLONG':
      return 'path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files; close some programs and try again';
    default:
      return `could not read it: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  }
}
