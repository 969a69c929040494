/** One schema migration: a unique name, recorded in the `migrations` table once applied, and what it does. */
import type Database from "better-sqlite3";

export interface Migration {
  name: string;
  up(db: Database.Database): void;
}
