/**
 * The limits that keep one hostile or mistaken input from taking the machine: how much of a
 * file is read, how much memory one parse may hold outside the JavaScript heap, how many
 * parser threads run, how much a --prune may retire unasked. One place, so that every reader
 * (import, inspect, alias --import, the readers of containers that unwrap an inner file)
 * obeys the same bounds; docs/operations.md ("Limits") lists them.
 */
import { availableParallelism } from "node:os";

const MiB = 1024 * 1024;

/** A file larger than this is not a charter: refused, by the bytes actually read (not the size stat reports). */
export const MAX_FILE_BYTES = 64 * MiB;

/** An aliases file (charters alias --import) is a few kilobytes of JSON. */
export const MAX_ALIASES_FILE_BYTES = 16 * MiB;

/** Heap limit of each parser worker thread, in MiB: a file that needs more fails alone. */
export const WORKER_HEAP_MB = 384;

/**
 * What one parse may hold outside the JavaScript heap at once: buffers, typed arrays, the
 * output of every inflater (PDF streams, zip entries). A file whose parse needs more (a
 * decompression bomb: a 4 MB PDF stream that inflates to 4 GiB) fails alone with a reason.
 * The file's own bytes (at most MAX_FILE_BYTES) count against it.
 */
export const MAX_PARSE_BUFFERS = 256 * MiB;

/**
 * Parser threads at most, whatever --concurrency asks: four per core. More threads than cores
 * parse no faster, and each may hold WORKER_HEAP_MB + MAX_PARSE_BUFFERS.
 */
export const maxConcurrency = (): number => 4 * Math.max(1, availableParallelism());

/**
 * --prune retires at most this share of the current documents under a folder given; past it
 * (an archive share not mounted tonight: the folder is there, empty) nothing under that folder
 * is retired, and the run says to use --prune-force if the files are really gone.
 */
export const PRUNE_MAX_SHARE = 0.5;
