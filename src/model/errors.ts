/**
 * The errors of reading a file, thrown by the readers at every stage (the parsers, the
 * PDF and document backends, the template's assembly) and caught by the router
 * (parsers/registry.ts), which tells the user why a file could not be read.
 */

/** A reader's clear refusal: the reason is shown to the user and stored with the failed file. */
export class ParseError extends Error {
  constructor(message: string, readonly parser?: string) {
    super(message);
    this.name = "ParseError";
  }
}

/** Why nothing could read a file; `tried` lists each parser's own reason. */
export class UnsupportedFileError extends Error {
  constructor(message: string, readonly tried: { parser: string; reason: string }[]) {
    super(message);
    this.name = "UnsupportedFileError";
  }
}
