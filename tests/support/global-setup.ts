// Builds one migrated PGlite data directory per test run; each test file loads a copy
// instead of running initdb and the migrations again.
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteTemplate", null);
    return;
  }
  const file = path.join(os.tmpdir(), `pareto-pglite-template-${randomBytes(4).toString("hex")}.tar.gz`);
  const handle = await openDatabase({ kind: "pglite", dataDir: null });
  await migrateToLatest(handle.db);
  const blob = await handle.dumpDataDir!();
  await writeFile(file, new Uint8Array(await blob.arrayBuffer()));
  await handle.close();
  project.provide("pgliteTemplate", file);
  return async () => {
    await rm(file, { force: true });
  };
}
