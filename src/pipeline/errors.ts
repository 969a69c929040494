/** Errors of how an import was asked for, as opposed to a file's or the database's. */

/** A mistake in how the import was asked for (exit code 2), not in a file. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Another import holds this database's import lock (exit code 4): wait for it, or use --wait. */
export class ImportRunningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportRunningError";
  }
}

/** An output the user asked for could not be written (a full disk): exit code 3, like a database that cannot be. */
export class OutputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OutputError";
  }
}
