/** Parsers of option values shared by the commands: a bad value is a usage error (exit 2). */
import { InvalidArgumentError } from "commander";

/** A whole number of at least 1 (--concurrency, --limit). */
export function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1.`);
    return n;
  };
}

/** A number of seconds above 0, or from 0 with `zero` (--file-timeout, --busy-timeout, --wait). */
export function seconds(name: string, zero = false) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero)) throw new InvalidArgumentError(`${name} must be a number of seconds${zero ? "" : " above 0"}.`);
    return n;
  };
}
