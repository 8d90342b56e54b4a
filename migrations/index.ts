// The listed migration index: works the same under the Remix bundler, tsx and vitest,
// where a file provider would need .ts files on disk at run time.
import type { Migration } from "kysely";
import * as core from "./2026_11_28_0001_core";
import * as rfps from "./2026_11_28_0002_rfps";
import * as outbox from "./2026_11_28_0003_outbox";
import * as bids from "./2026_11_28_0004_bids";
import * as evaluation from "./2026_11_30_0005_evaluation";
import * as results from "./2026_11_30_0006_results";
import * as operators from "./2026_11_30_0007_operators";
import * as auditStreams from "./2026_11_30_0008_audit_streams";
import * as registrationAttempts from "./2026_11_30_0009_registration_attempts";
import * as bafoAndAward from "./2026_11_30_0010_bafo_and_award";
import * as confidentialAuditSalt from "./2026_11_30_0011_confidential_audit_salt";
import * as openingStartWithdrawals from "./2026_12_01_0012_opening_start_withdrawals";

export const migrations: Record<string, Migration> = {
  "2026_11_28_0001_core": core,
  "2026_11_28_0002_rfps": rfps,
  "2026_11_28_0003_outbox": outbox,
  "2026_11_28_0004_bids": bids,
  "2026_11_30_0005_evaluation": evaluation,
  "2026_11_30_0006_results": results,
  "2026_11_30_0007_operators": operators,
  "2026_11_30_0008_audit_streams": auditStreams,
  "2026_11_30_0009_registration_attempts": registrationAttempts,
  "2026_11_30_0010_bafo_and_award": bafoAndAward,
  "2026_11_30_0011_confidential_audit_salt": confidentialAuditSalt,
  "2026_12_01_0012_opening_start_withdrawals": openingStartWithdrawals,
};
