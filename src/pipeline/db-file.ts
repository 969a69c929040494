/**
 * The database file an import writes, by what it is rather than by how it was named: its
 * real path (links resolved: `--db link.sqlite` and `--db real.sqlite` are one database, one
 * lock), and its identity (device and inode) while the run goes on, so that a file deleted or
 * replaced mid-run fails the run instead of a run that reports `completed` into a file nobody
 * can open any more.
 */
import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DatabaseError } from "../db/errors.js";
import { UsageError } from "./errors.js";

/** Hops followed through links that lead to no file yet (a database to be created through a link). */
const MAX_LINKS = 40;

/** `path` absolute, every link resolved; where the file does not exist yet, its folder's real path and where the links point. */
export function realDatabasePath(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    try {
      return realpathSync.native(p);
    } catch {
      // no file there (yet): follow a dangling link by hand, or resolve the folder
    }
    let st: Stats | undefined;
    try {
      st = lstatSync(p);
    } catch {
      st = undefined;
    }
    if (!st?.isSymbolicLink()) {
      try {
        return join(realpathSync.native(dirname(p)), basename(p));
      } catch {
        return p; // the folder does not exist yet: it is created as named
      }
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  return p;
}

/** A usage error where the database `path` exists and is not a regular file (a FIFO would hang the open, a device is not a database). */
export function checkDatabasePath(path: string): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return; // created by the open, or the open says why not
  }
  if (!st.isFile()) throw new UsageError(`${path} is not a regular file (a folder, FIFO, socket or device): name a database file`);
}

const identity = (st: Stats) => `${st.dev}:${st.ino}`;

/** The database file as it was when the run opened it: `check()` throws once it is gone or replaced. */
export class DatabaseFile {
  private readonly id: string;
  constructor(readonly path: string) {
    this.id = identity(statSync(path));
  }

  check(): void {
    let st: Stats;
    try {
      st = statSync(this.path);
    } catch {
      throw new DatabaseError(this.path, "gone", "the file was deleted during the import");
    }
    if (identity(st) !== this.id) throw new DatabaseError(this.path, "gone", "the file was replaced during the import");
  }
}
