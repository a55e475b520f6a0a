/**
 * A minimal reader of the zip files the release writes (one disk, no zip64, no comment): enough to
 * check their entries without trusting the library that wrote them.
 */
import { inflateRawSync } from 'node:zlib';

/** One entry of a zip's central directory, with its bytes. */
export interface ZipEntry {
  readonly name: string;
  /** Unix mode from the external attributes (0o100755 for an executable file). */
  readonly mode: number;
  /** DOS date and time fields, as stored. */
  readonly dosDate: number;
  readonly dosTime: number;
  readonly data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** The entries of `zip`, in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error('bad central file header');
    const method = zip.readUInt16LE(offset + 10);
    const dosTime = zip.readUInt16LE(offset + 12);
    const dosDate = zip.readUInt16LE(offset + 14);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const externalAttributes = zip.readUInt32LE(offset + 38);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new Error('bad local file header');
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({
      name,
      mode: externalAttributes >>> 16,
      dosDate,
      dosTime,
      data: method === 8 ? inflateRawSync(stored) : Buffer.from(stored),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
