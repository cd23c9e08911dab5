// What makes a .docx the same bytes each time: docx writes the moment of packing as the document's created and
// modified dates (docProps/core.xml), and its zip writer (fflate) stamps every file with the clock. The core
// properties are written here with the given date instead, and the zip's file dates are set to it afterwards, in
// place (each is two 16-bit fields at a fixed place in the file's local header and in the central directory).

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface CoreProperties {
  readonly title: string;
  readonly subject: string;
  readonly description: string;
  readonly creator: string;
  readonly lastModifiedBy: string;
  readonly language: string;
  readonly at: Date;
}

/** docProps/core.xml with fixed dates (whole seconds, UTC). */
export function corePropertiesXml(p: CoreProperties): string {
  const when = p.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(p.title)}</dc:title>` +
    `<dc:subject>${esc(p.subject)}</dc:subject>` +
    `<dc:creator>${esc(p.creator)}</dc:creator>` +
    `<dc:description>${esc(p.description)}</dc:description>` +
    `<dc:language>${esc(p.language)}</dc:language>` +
    `<cp:lastModifiedBy>${esc(p.lastModifiedBy)}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** MS-DOS time and date of an instant (UTC; two-second steps), as a zip file stores them. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export class ZipLayoutError extends Error {
  override readonly name = 'ZipLayoutError';
}

/** Sets every file's modification date in a zip to `at`, reading the layout from the central directory. */
export function pinZipDates(zip: Uint8Array, at: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, date } = dosDateTime(at);
  // The end of central directory record: its signature within the last 64 KiB + 22 bytes (comment at most 64 KiB).
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--)
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipLayoutError('the document is not a zip file (no end of central directory)');
  const entries = out.readUInt16LE(eocd + 10);
  let at0 = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(at0) !== 0x02014b50)
      throw new ZipLayoutError(`the zip's central directory entry ${n} is not where its directory says`);
    out.writeUInt16LE(time, at0 + 12);
    out.writeUInt16LE(date, at0 + 14);
    const local = out.readUInt32LE(at0 + 42);
    if (out.readUInt32LE(local) !== 0x04034b50)
      throw new ZipLayoutError(`the zip's local header of entry ${n} is not where its directory says`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    at0 += 46 + out.readUInt16LE(at0 + 28) + out.readUInt16LE(at0 + 30) + out.readUInt16LE(at0 + 32);
  }
  return out;
}
