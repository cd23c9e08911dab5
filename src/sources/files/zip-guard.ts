// Looks inside a zip before exceljs does. The central directory is read for the number of entries, their declared
// sizes and compression ratios; every entry is then inflated with its declared size as a hard ceiling and its
// CRC-32 checked; and exceljs is handed a new, uncompressed archive of exactly the verified entries. So a zip
// bomb that lies in its directory fails here, and no difference between this reader and JSZip's (which exceljs
// uses: it reads directory records past the declared count and shifts offsets it finds misplaced) can smuggle an
// unverified entry through.
import { crc32, inflateRawSync } from 'node:zlib';
import { IndicatorFileError } from './errors.ts';
import {
  MAX_COMPRESSION_RATIO,
  MAX_UNCOMPRESSED_BYTES,
  MAX_ZIP_ENTRIES,
  RATIO_ENTRY_THRESHOLD,
} from './limits.ts';

export interface ZipEntryInfo {
  /** The name's bytes as stored, and whether they are flagged as UTF-8 (general purpose bit 11). */
  readonly nameBytes: Uint8Array;
  readonly name: string;
  readonly utf8: boolean;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc: number;
  readonly localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_ID = 0x0001;

export function hasZipMagic(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const fail = (why: string): never => {
  throw new IndicatorFileError(`XLSX-filen afvises: ${why}`);
};
const damaged = (why: string): never => fail(`zip-arkivet er beskadiget (${why}); gem filen igen fra Excel`);
const bomb = (why: string): never => fail(`${why}; det ligner en zip-bombe`);

/** Reads the central directory and refuses by count, total size and ratio. Inflates nothing. */
export function readCentralDirectory(bytes: Uint8Array): readonly ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number =>
    at + 2 <= bytes.length ? view.getUint16(at, true) : damaged('kort post');
  const u32 = (at: number): number =>
    at + 4 <= bytes.length ? view.getUint32(at, true) : damaged('kort post');

  let eocd = -1;
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === SIG_EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) return damaged('slutningen af arkivet mangler; filen er måske afkortet');
  const disk = u16(eocd + 4);
  const cdDisk = u16(eocd + 6);
  const onDisk = u16(eocd + 8);
  const total = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  // ZIP64 is for archives over 4 GB or 65,535 entries; a spreadsheet under the size limit never needs it.
  if ([disk, cdDisk, onDisk, total].includes(0xffff) || [cdSize, cdOffset].includes(0xffffffff))
    fail('arkivet er et ZIP64-arkiv, som et regneark af den størrelse aldrig er');
  if (disk !== 0 || cdDisk !== 0) fail('arkivet er delt over flere filer');
  if (total > MAX_ZIP_ENTRIES)
    fail(`arkivet har ${total} filer; et regneark har langt færre (højst ${MAX_ZIP_ENTRIES} tilladt)`);
  if (cdOffset + cdSize > eocd) return damaged('indholdsfortegnelsen peger uden for filen');

  const entries: ZipEntryInfo[] = [];
  let at = cdOffset;
  let sumUncompressed = 0;
  let sumCompressed = 0;
  // Read records while their signature says so, as JSZip does, then hold the count against the declared one.
  while (at + 4 <= bytes.length && view.getUint32(at, true) === SIG_CENTRAL) {
    if (entries.length === MAX_ZIP_ENTRIES)
      fail(`arkivet har over ${MAX_ZIP_ENTRIES} filer; et regneark har langt færre`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let uncompressedSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localHeaderOffset = u32(at + 42);
    const nameEnd = at + 46 + nameLength;
    const extraEnd = nameEnd + extraLength;
    if (extraEnd + commentLength > bytes.length) return damaged('indholdsfortegnelsen er afkortet');
    const nameBytes = bytes.slice(at + 46, nameEnd);
    const utf8 = (flags & 0x800) !== 0;
    const name = new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(nameBytes);
    const zip64 = readZip64Extra(view, nameEnd, extraEnd);
    if (uncompressedSize === 0xffffffff) uncompressedSize = zip64.next();
    if (compressedSize === 0xffffffff) compressedSize = zip64.next();
    if (localHeaderOffset === 0xffffffff) localHeaderOffset = zip64.next();
    if (flags & 0x1) fail(`${name} i arkivet er krypteret; gem regnearket uden adgangskode`);
    if (method !== 0 && method !== 8)
      fail(`${name} i arkivet bruger en ukendt komprimering (metode ${method})`);
    sumUncompressed += uncompressedSize;
    sumCompressed += compressedSize;
    if (sumUncompressed > MAX_UNCOMPRESSED_BYTES)
      bomb(`arkivet fylder over ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB udpakket`);
    if (
      uncompressedSize >= RATIO_ENTRY_THRESHOLD &&
      uncompressedSize > MAX_COMPRESSION_RATIO * compressedSize
    )
      bomb(`${name} i arkivet er pakket mere end ${MAX_COMPRESSION_RATIO} gange sammen`);
    entries.push({
      nameBytes,
      name,
      utf8,
      method,
      compressedSize,
      uncompressedSize,
      crc,
      localHeaderOffset,
    });
    at = extraEnd + commentLength;
  }
  if (entries.length !== total)
    damaged(`indholdsfortegnelsen har ${entries.length} poster, men arkivet angiver ${total}`);
  if (sumUncompressed >= RATIO_ENTRY_THRESHOLD && sumUncompressed > MAX_COMPRESSION_RATIO * sumCompressed)
    bomb(`arkivet er pakket mere end ${MAX_COMPRESSION_RATIO} gange sammen`);
  return entries;
}

/** The ZIP64 extended-information field: the 64-bit values, in the order APPNOTE 4.5.3 gives, for those set to ~0. */
function readZip64Extra(view: DataView, from: number, to: number): { next: () => number } {
  let found: { at: number; end: number } | undefined;
  for (let at = from; at + 4 <= to;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (at + 4 + size > to) return damaged('et ekstrafelt er afkortet');
    if (id === ZIP64_ID) {
      if (found) return damaged('to ZIP64-felter i samme post');
      found = { at: at + 4, end: at + 4 + size };
    }
    at += 4 + size;
  }
  let p = found?.at ?? 0;
  return {
    next: () => {
      if (!found || p + 8 > found.end) return damaged('ZIP64-feltet mangler eller er for kort');
      const v = view.getBigUint64(p, true);
      p += 8;
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? damaged('urimelig 64-bit størrelse') : Number(v);
    },
  };
}

/**
 * Inflates every entry with its declared size as the ceiling (zlib stops the moment the output would pass it)
 * and compares its length and CRC-32 with the directory's.
 */
export function inflateEntries(bytes: Uint8Array, entries: readonly ZipEntryInfo[]): readonly Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return entries.map((e) => {
    const at = e.localHeaderOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== SIG_LOCAL)
      return damaged(`den lokale post for ${e.name} mangler`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) return damaged(`${e.name} er afkortet`);
    const data = bytes.subarray(start, end);
    let out: Uint8Array = data;
    if (e.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          return bomb(`${e.name} pakkes ud til mere end de ${e.uncompressedSize} byte, arkivet angiver`);
        return damaged(`${e.name} kan ikke pakkes ud`);
      }
    }
    if (out.length !== e.uncompressedSize)
      damaged(`${e.name} fylder ${out.length} byte udpakket, men arkivet angiver ${e.uncompressedSize}`);
    if (crc32(out) >>> 0 !== e.crc) damaged(`kontrolsummen for ${e.name} passer ikke`);
    return out;
  });
}

/** An uncompressed zip of the given entries: local headers, data, central directory, end record. */
export function writeStoredZip(
  entries: readonly { readonly nameBytes: Uint8Array; readonly utf8: boolean; readonly data: Uint8Array }[],
): Uint8Array {
  const size = entries.reduce((n, e) => n + 30 + 46 + 2 * e.nameBytes.length + e.data.length, EOCD_SIZE);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const central: { offset: number; crc: number; e: (typeof entries)[number] }[] = [];
  let at = 0;
  const header = (sig: number, e: (typeof entries)[number], crc: number, localOffset?: number) => {
    const isCentral = localOffset !== undefined;
    view.setUint32(at, sig, true);
    const base = isCentral ? at + 6 : at + 4; // the central record has "version made by" first
    if (isCentral) view.setUint16(at + 4, 20, true);
    view.setUint16(base, 20, true); // version needed: 2.0
    view.setUint16(base + 2, e.utf8 ? 0x800 : 0, true);
    view.setUint16(base + 4, 0, true); // stored
    view.setUint32(base + 6, 0x00210000, true); // 1980-01-01 00:00
    view.setUint32(base + 10, crc, true);
    view.setUint32(base + 14, e.data.length, true);
    view.setUint32(base + 18, e.data.length, true);
    view.setUint16(base + 22, e.nameBytes.length, true);
    view.setUint16(base + 24, 0, true); // no extra field
    if (isCentral) view.setUint32(at + 42, localOffset, true);
    const fixed = isCentral ? 46 : 30;
    out.set(e.nameBytes, at + fixed);
    at += fixed + e.nameBytes.length;
  };
  for (const e of entries) {
    const crc = crc32(e.data) >>> 0;
    central.push({ offset: at, crc, e });
    header(SIG_LOCAL, e, crc);
    out.set(e.data, at);
    at += e.data.length;
  }
  const cdOffset = at;
  for (const c of central) header(SIG_CENTRAL, c.e, c.crc, c.offset);
  view.setUint32(at, SIG_EOCD, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - cdOffset, true);
  view.setUint32(at + 16, cdOffset, true);
  return out;
}

/** The whole check; returns the verified entries as a new uncompressed archive for exceljs to read. */
export function guardZip(bytes: Uint8Array): Uint8Array {
  if (!hasZipMagic(bytes) || bytes.length < 30 + EOCD_SIZE)
    fail('filen er ikke et zip-arkiv og dermed ikke en XLSX-fil; gem den som "Excel-projektmappe (*.xlsx)"');
  const entries = readCentralDirectory(bytes);
  const data = inflateEntries(bytes, entries);
  return writeStoredZip(entries.map((e, i) => ({ nameBytes: e.nameBytes, utf8: e.utf8, data: data[i]! })));
}
