// Limits on uploaded indicator files. A filled template for one indicator is at most tens of thousands of rows
// (99 municipalities × 12 quarters × every breakdown), a few megabytes; the limits leave room and stop abuse.

/** Checked before a byte is read (a file's size on disk, an upload's length). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Zip limits, checked from the central directory and then by inflating every entry with its declared size as a
 * hard ceiling, before exceljs sees the file. exceljs inflates every entry into memory (about 15 bytes of heap
 * per byte of sheet XML, measured: a 28 MB sheet took 420 MB), so the total is what bounds its memory.
 */
export const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
export const MAX_COMPRESSION_RATIO = 100;
export const MAX_ZIP_ENTRIES = 1_000;
/**
 * The ratio is judged on the whole archive and on each entry from this size up. Small entries say nothing: a
 * 2 KB printer-settings blob of zeros compresses more than 100-fold and cannot hurt anyone.
 */
export const RATIO_ENTRY_THRESHOLD = 1024 * 1024;

/**
 * A template has at most nine columns; a file with many more is no template, and is refused on its header.
 */
export const MAX_COLUMNS = 50;
/**
 * A filled template for one indicator and one area is some thousands of rows (periods × groups × breakdowns);
 * 99 areas × 40 quarters × 18 combinations is 71,280. Past this the file is refused at the row that passes it,
 * before the rest is read.
 */
export const MAX_ROWS = 100_000;
