/**
 * Where the read-side commands write what was asked (--out, standard output, a data
 * package's folder): a file is opened at once, so that a path that cannot be written is a
 * usage error (exit 2) before any work; a write that fails later (a full disk) is an
 * OutputError (exit 3). Either names the output and the system's reason in one line.
 */
import { createWriteStream, openSync, type WriteStream } from "node:fs";
import { OutputError, UsageError } from "../pipeline/errors.js";
import { errnoText } from "../pipeline/walk.js";

/** Errors of a path that cannot be opened for writing: the path is wrong, not the machine. */
const PATH_ERRORS = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS", "ELOOP", "ENAMETOOLONG", "ETXTBSY", "EEXIST"]);

/** The usage or output error for a system error met writing `name`; any other error as it is. */
export function outputError(e: unknown, name: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !code.startsWith("E")) return e;
  const message = `cannot write ${name}: ${errnoText(e)}`;
  return PATH_ERRORS.has(code) ? new UsageError(message) : new OutputError(message, { cause: e });
}

/** A file opened for writing now (a usage error when it cannot be), as a stream. */
export function openOutput(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw outputError(e, path);
  }
  return createWriteStream(path, { fd });
}

/** The first error a stream emits, kept (an 'error' nobody listens to would end the process); `dispose` stops listening. */
export function watchErrors(stream: NodeJS.WritableStream): { readonly error: Error | null; dispose(): void } {
  const w = { error: null as Error | null, dispose: () => void stream.off("error", keep) };
  const keep = (e: Error) => void (w.error ??= e);
  stream.on("error", keep);
  return w;
}
