// The listed migration index: works the same under the Remix bundler, tsx and vitest,
// where a file provider would need .ts files on disk at run time.
import type { Migration } from "kysely";
import * as core from "./2026_11_28_0001_core";
import * as rfps from "./2026_11_28_0002_rfps";
import * as outbox from "./2026_11_28_0003_outbox";
import * as bids from "./2026_11_28_0004_bids";
import * as evaluation from "./2026_11_30_0005_evaluation";
import * as results from "./2026_11_30_0006_results";

export const migrations: Record<string, Migration> = {
  "2026_11_28_0001_core": core,
  "2026_11_28_0002_rfps": rfps,
  "2026_11_28_0003_outbox": outbox,
  "2026_11_28_0004_bids": bids,
  "2026_11_30_0005_evaluation": evaluation,
  "2026_11_30_0006_results": results,
};
