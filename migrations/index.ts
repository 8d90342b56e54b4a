// The listed migration index: works the same under the Remix bundler, tsx and vitest,
// where a file provider would need .ts files on disk at run time.
import type { Migration } from "kysely";
import * as core from "./2026_11_28_0001_core";

export const migrations: Record<string, Migration> = {
  "2026_11_28_0001_core": core,
};
