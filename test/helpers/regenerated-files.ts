/** Checks that generated files committed to the repository are what the generator writes today. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../../scripts/generate';

/**
 * Expects `committedDir` to hold exactly the files a generator wrote into `regeneratedDir` (their
 * relative paths in `written`), each byte-identical; a failure names the stale file.
 */
export function expectRegeneratedFiles(
  committedDir: string,
  regeneratedDir: string,
  written: readonly string[],
): void {
  expect(listFiles(committedDir)).toEqual([...written].sort());
  for (const file of written) {
    expect({ file, text: readFileSync(path.join(committedDir, file), 'utf8') }).toEqual({
      file,
      text: readFileSync(path.join(regeneratedDir, file), 'utf8'),
    });
  }
}
