/**
 * Persistence: an append-only journal, `DIR/journal.jsonl`, one JSON line per mutation. A line is
 * written and fsynced before the response that acknowledges it is sent, so an acknowledged write
 * survives SIGKILL or a crash at any moment. Each write is a single `writeSync` of one complete
 * line, so the worst a crash leaves is one torn final line, which replay ignores (its write was never
 * acknowledged). On open the journal is replayed and then compacted: the state is written to a temp
 * file, fsynced and renamed over the journal, and the directory is fsynced so the rename sticks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mutation } from './model';
import type { Store } from './store';

export const JOURNAL_FILE = 'journal.jsonl';
const HEADER = { op: 'header', format: 'apono-sandbox-journal', version: 1 } as const;
const KNOWN_OPS = new Set([
  'user.put',
  'user.delete',
  'group.put',
  'group.delete',
  'members.add',
  'members.remove',
  'members.set',
  'reset',
]);

/** What a journal's text holds. */
export interface ParsedJournal {
  mutations: Mutation[];
  /** True when the last line was torn (cut short by a crash) and was ignored. */
  tornTail: boolean;
}

function parseLine(line: string): Mutation | 'header' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const op = (value as { op?: unknown }).op;
  if (op === HEADER.op) return 'header';
  return typeof op === 'string' && KNOWN_OPS.has(op) ? (value as Mutation) : undefined;
}

/**
 * Parses journal text. An unparsable final line is a torn write and is dropped; an unparsable line
 * anywhere else means the file was damaged by something other than a crash, so it is an error.
 */
export function parseJournal(text: string): ParsedJournal {
  const lines = text.split('\n');
  let lastContentIndex = lines.length - 1;
  while (lastContentIndex >= 0 && lines[lastContentIndex].trim() === '') lastContentIndex--;
  const mutations: Mutation[] = [];
  let tornTail = false;
  for (let i = 0; i <= lastContentIndex; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (parsed === 'header') continue;
    if (parsed !== undefined) {
      mutations.push(parsed);
    } else if (i === lastContentIndex) {
      tornTail = true;
    } else {
      throw new Error(`journal line ${i + 1} is corrupt (not a torn final write); refusing to start`);
    }
  }
  return { mutations, tornTail };
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `text`; writeSync may write less than asked, so loop until done. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

/** Writes lines in ~1 MiB chunks: fewer syscalls than one per line, bounded memory for 100k users. */
function writeLines(fd: number, lines: Iterable<string>): void {
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    chunk.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      writeAll(fd, chunk.join(''));
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) writeAll(fd, chunk.join(''));
}

function* journalLines(mutations: Iterable<Mutation>): Generator<string> {
  yield JSON.stringify(HEADER) + '\n';
  for (const mutation of mutations) yield JSON.stringify(mutation) + '\n';
}

/** Atomically replaces the journal with the store's current state. */
function compact(dir: string, store: Store): void {
  const target = path.join(dir, JOURNAL_FILE);
  const temp = `${target}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    writeLines(fd, journalLines(store.snapshot()));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  fsyncDirectory(dir);
}

/** An open journal that appends acknowledged mutations durably. */
export class Journal {
  private constructor(
    private fd: number | null,
    /** Bytes known to be complete lines: a failed append is cut back to here. */
    private size: number,
  ) {}

  /**
   * Replays `DIR/journal.jsonl` into `store` (creating DIR if needed). Call `Journal.open` next;
   * anything applied to the store in between (the seed) becomes part of the compacted journal.
   */
  static replay(dir: string, store: Store): { replayed: number; tornTail: boolean } {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, JOURNAL_FILE);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const { mutations, tornTail } = parseJournal(text);
    for (const mutation of mutations) store.apply(mutation);
    return { replayed: mutations.length, tornTail };
  }

  /**
   * Atomically rewrites the journal as the store's state (so a seed lands all at once, or not at
   * all), then opens it for appending.
   */
  static open(dir: string, store: Store): Journal {
    fs.mkdirSync(dir, { recursive: true });
    compact(dir, store);
    const file = path.join(dir, JOURNAL_FILE);
    return new Journal(fs.openSync(file, 'a'), fs.statSync(file).size);
  }

  /** Appends one mutation and fsyncs it; returns only once it is on disk. */
  append(mutation: Mutation): void {
    if (this.fd === null) throw new Error('the journal is closed');
    const line = JSON.stringify(mutation) + '\n';
    try {
      // Appends are serialised and each line is complete: a crash can tear only this line, never an earlier one.
      writeAll(this.fd, line);
      fs.fsyncSync(this.fd);
    } catch (error) {
      // E.g. a full disk: drop the partial line so later appends do not follow garbage.
      fs.ftruncateSync(this.fd, this.size);
      throw error;
    }
    this.size += Buffer.byteLength(line);
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}
