/**
 * Persistence: an append-only journal, `DIR/journal.jsonl`, one JSON line per mutation. A line is
 * written and fsynced before the response that acknowledges it is sent, so an acknowledged write
 * survives SIGKILL or a crash at any moment. Each write is a single `writeSync` of one complete
 * line, so the worst a crash leaves is one torn final line, which replay ignores (its write was never
 * acknowledged). The data is private: DIR is 0700 and the journal 0600, also when they existed with
 * wider modes.
 *
 * Compaction rewrites the journal as the store's state: a temp file (created 0600) is written,
 * fsynced and renamed over the journal, and DIR is fsynced so the rename sticks. It runs at start,
 * and while running once the journal outgrows its threshold (see `shouldCompact`). Online, the
 * snapshot is written in chunks between requests, so reads and writes keep being served; writes
 * that arrive meanwhile go to the old journal as usual (acknowledged there) and are also queued,
 * then appended to the temp file in the same synchronous step as the rename. A crash before the
 * rename leaves the old journal, which holds every acknowledged write; after it, the new one, which
 * holds the same state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mutationProblem } from './journal-entries';
import type { Mutation } from './model';
import type { Store } from './store';

export const JOURNAL_FILE = 'journal.jsonl';
const HEADER = { op: 'header', format: 'apono-sandbox-journal', version: 1 } as const;
const TEMP_SUFFIX = '.tmp';
const PRIVATE_DIRECTORY_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
/** Default for `--compact-threshold`: the journal is never compacted online below this size. */
export const DEFAULT_COMPACT_THRESHOLD_BYTES = 32 * 1024 * 1024;
/** The journal may grow to this many times its size after the last compaction. */
const GROWTH_FACTOR = 2;
/** Bytes of snapshot written per turn of the event loop during an online compaction. */
const CHUNK_BYTES = 256 * 1024;
/** Queued writes beyond this many lines are caught up asynchronously before the final, synchronous step. */
const SYNC_TAIL_LINES = 256;

/** What a journal's text holds. */
export interface ParsedJournal {
  mutations: Mutation[];
  /** True when the last line was torn (cut short by a crash) and was ignored. */
  tornTail: boolean;
}

/** A parsed line: a mutation, the header, or a problem (`json` says whether it was valid JSON). */
type ParsedLine = { mutation: Mutation } | 'header' | { problem: string; json: boolean };

function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})`, json: false };
  }
  if (typeof value === 'object' && value !== null && (value as { op?: unknown }).op === HEADER.op) {
    return 'header';
  }
  const problem = mutationProblem(value);
  return problem === null ? { mutation: value as Mutation } : { problem, json: true };
}

/** The start-failure message for a damaged line: which file, which line, what is wrong, how to recover. */
export function damagedLineMessage(file: string, lineNumber: number, problem: string): string {
  return (
    `${file} line ${lineNumber} is corrupt: ${problem}. The journal is append-only JSON lines, one ` +
    `write each, so the state up to line ${lineNumber - 1} is intact: remove lines ${lineNumber}.. ` +
    `(the writes from there on are lost) or restore ${file} from a backup, then start again`
  );
}

/**
 * Parses journal text (`file` names it in errors). An unparsable final line is a torn write and is
 * dropped; an unparsable line anywhere else, or a well-formed line that is not a valid write, means
 * the file was damaged by something other than a crash, so it is an error naming the line.
 */
export function parseJournal(text: string, file = 'the journal'): ParsedJournal {
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
    if ('mutation' in parsed) {
      mutations.push(parsed.mutation);
    } else if (i === lastContentIndex && !parsed.json) {
      tornTail = true;
    } else {
      throw new Error(damagedLineMessage(file, i + 1, parsed.problem));
    }
  }
  return { mutations, tornTail };
}

/** Whether a journal of `size` bytes, `compactedSize` after its last compaction, is due for one. */
export function shouldCompact(size: number, compactedSize: number, thresholdBytes: number): boolean {
  return size > Math.max(thresholdBytes, GROWTH_FACTOR * compactedSize);
}

/** Creates DIR if needed and makes it (and the journal in it, if any) private to the owner. */
function makePrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  fs.chmodSync(dir, PRIVATE_DIRECTORY_MODE);
  const file = path.join(dir, JOURNAL_FILE);
  if (fs.existsSync(file)) fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/** Opens a fresh temp file for a compaction: created 0600 (never widened first), appending. */
function openTempFile(temp: string): number {
  // A temp file left by a crash may have any mode: remove it rather than reuse it.
  fs.rmSync(temp, { force: true });
  return fs.openSync(temp, 'ax', PRIVATE_FILE_MODE);
}

function writeAsync(fd: number, text: string): Promise<number> {
  const bytes = Buffer.from(text, 'utf8');
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      if (offset >= bytes.length) return resolve(bytes.length);
      fs.write(fd, bytes, offset, bytes.length - offset, null, (error, written) =>
        error ? reject(error) : step(offset + written),
      );
    };
    step(0);
  });
}

function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
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

/** Atomically replaces the journal with the store's current state, synchronously (used at start). */
function compact(dir: string, store: Store): void {
  const target = path.join(dir, JOURNAL_FILE);
  const temp = target + TEMP_SUFFIX;
  const fd = openTempFile(temp);
  try {
    writeLines(fd, journalLines(store.snapshot()));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  fsyncDirectory(dir);
}

/** How the journal behaves while running. */
export interface JournalOptions {
  /** Compact while running once the journal exceeds max(this, twice its compacted size). */
  compactThresholdBytes?: number;
  /** Where to report online compactions (one line each, no trailing newline). */
  log?: (message: string) => void;
}

/** Thrown inside an online compaction when the journal was closed under it. */
class CompactionStopped extends Error {}

/** An online compaction in progress: the lines committed since its snapshot was taken. */
interface RunningCompaction {
  tail: string[];
  done: Promise<void>;
}

/** An open journal that appends acknowledged mutations durably. */
export class Journal {
  private compaction: RunningCompaction | null = null;

  private constructor(
    private readonly dir: string,
    private readonly store: Store,
    private fd: number | null,
    /** Bytes known to be complete lines: a failed append is cut back to here. */
    private size: number,
    /** The size right after the last compaction (the snapshot of the live store, roughly). */
    private compactedSize: number,
    private readonly options: JournalOptions,
  ) {}

  /**
   * Replays `DIR/journal.jsonl` into `store` (creating DIR if needed, and making DIR and the journal
   * private). Call `Journal.open` next; anything applied to the store in between (the seed) becomes
   * part of the compacted journal.
   */
  static replay(dir: string, store: Store): { replayed: number; tornTail: boolean } {
    makePrivate(dir);
    const file = path.join(dir, JOURNAL_FILE);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const { mutations, tornTail } = parseJournal(text, file);
    for (const mutation of mutations) store.apply(mutation);
    return { replayed: mutations.length, tornTail };
  }

  /**
   * Atomically rewrites the journal as the store's state (so a seed lands all at once, or not at
   * all), then opens it for appending.
   */
  static open(dir: string, store: Store, options: JournalOptions = {}): Journal {
    makePrivate(dir);
    compact(dir, store);
    const file = path.join(dir, JOURNAL_FILE);
    const size = fs.statSync(file).size;
    return new Journal(dir, store, fs.openSync(file, 'a'), size, size, options);
  }

  /**
   * Makes a mutation durable, then applies it to the store; throws (store unchanged) when it cannot
   * be written. May start an online compaction, which runs in the background.
   */
  commit(mutation: Mutation): void {
    const line = this.append(mutation);
    this.store.apply(mutation);
    if (this.compaction) {
      this.compaction.tail.push(line);
    } else if (
      shouldCompact(
        this.size,
        this.compactedSize,
        this.options.compactThresholdBytes ?? DEFAULT_COMPACT_THRESHOLD_BYTES,
      )
    ) {
      this.startCompaction();
    }
  }

  /** Resolves when no online compaction is running (at once if none is). */
  async idle(): Promise<void> {
    await this.compaction?.done;
  }

  /** Appends one mutation and fsyncs it; returns the line only once it is on disk. */
  private append(mutation: Mutation): string {
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
    return line;
  }

  private startCompaction(): void {
    const log = this.options.log ?? ((): void => undefined);
    const fromSize = this.size;
    const started = performance.now();
    // Taken in one synchronous step: every later commit lands in `tail`, none is in both or neither.
    const snapshot = [...this.store.snapshot()];
    const tail: string[] = [];
    log(`compacting the journal (${fromSize} bytes, ${snapshot.length} entries in the store)`);
    const done = this.compactOnline(snapshot, tail).then(
      ({ size, caughtUp }) =>
        log(
          `compacted the journal: ${fromSize} -> ${size} bytes in ${Math.round(performance.now() - started)} ms` +
            ` (${caughtUp} writes arrived meanwhile)`,
        ),
      (error: unknown) => {
        if (error instanceof CompactionStopped) return;
        // Keep serving from the old journal; try again only once it has doubled again.
        this.compactedSize = this.size;
        log(`journal compaction failed, the journal is unchanged: ${(error as Error).message}`);
      },
    );
    this.compaction = { tail, done: done.finally(() => (this.compaction = null)) };
  }

  /** Writes `snapshot` then `tail` to a temp file and swaps it in; resolves to the new size. */
  private async compactOnline(
    snapshot: Mutation[],
    tail: string[],
  ): Promise<{ size: number; caughtUp: number }> {
    const target = path.join(this.dir, JOURNAL_FILE);
    const temp = target + TEMP_SUFFIX;
    const fd = openTempFile(temp);
    let swapped = false;
    let written = 0;
    let caughtUp = 0;
    const stillOpen = (): void => {
      if (this.fd === null) throw new CompactionStopped('the journal was closed');
    };
    try {
      let chunk = JSON.stringify(HEADER) + '\n';
      for (const mutation of snapshot) {
        chunk += JSON.stringify(mutation) + '\n';
        if (chunk.length >= CHUNK_BYTES) {
          written += await writeAsync(fd, chunk);
          stillOpen();
          chunk = '';
        }
      }
      written += await writeAsync(fd, chunk);
      stillOpen();
      await fsyncAsync(fd);
      stillOpen();
      while (tail.length > SYNC_TAIL_LINES) {
        const lines = tail.splice(0);
        caughtUp += lines.length;
        written += await writeAsync(fd, lines.join(''));
        stillOpen();
      }
      // The swap is one synchronous step: no commit can slip between the last queued line and the
      // rename, and none is acknowledged on the new file before the rename is durable.
      const rest = tail.splice(0);
      caughtUp += rest.length;
      const restText = rest.join('');
      writeAll(fd, restText);
      written += Buffer.byteLength(restText);
      fs.fsyncSync(fd);
      fs.renameSync(temp, target);
      swapped = true;
      const old = this.fd as number;
      this.fd = fd;
      this.size = written;
      this.compactedSize = written;
      fs.closeSync(old);
      fsyncDirectory(this.dir);
      return { size: written, caughtUp };
    } catch (error) {
      if (!swapped) {
        fs.closeSync(fd);
        fs.rmSync(temp, { force: true });
      }
      throw error;
    }
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}
