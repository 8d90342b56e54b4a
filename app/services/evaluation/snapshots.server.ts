// Evaluation snapshots: one stored run of the engine. The input is assembled from the opened
// bids (read through the seal, audited), the RFP definition, the buyer's confidential
// reservation price and BATNA, the panel's SUBMITTED scores (locked or draft) and the chair's
// moderations. input_json is the exact text handed to the engine, result_json exactly what
// `npm run evaluate -- input.json --json` prints for it, so anyone can reproduce a snapshot
// byte for byte. Chair only: the input carries the confidential figures (buyers only).
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { listCurrentDeclarations, listPanelMembers, lockEvaluationRound } from "../../../db/queries/evaluation-access";
import { findSnapshot, insertSnapshot, listModerations, listRoundScores, listSnapshots as listSnapshotRows } from "../../../db/queries/evaluation-results";
import { findConfidential } from "../../../db/queries/rfps";
import type { Database } from "../../../db/schema";
import { ENGINE_VERSION, evaluateRound, parseRoundInput, type RoundEvaluation, type RoundInput } from "../../domain/evaluation";
import { conflictKey, countingScores, type PanelSeat } from "../../domain/evaluation-workspace/consensus";
import { buildRoundInput, roundInputJson } from "../../domain/evaluation-workspace/round-input";
import { DomainError } from "../../domain/errors";
import { inAuditedTransaction, Refusal } from "../bids/access.server";
import { assertId, auditRfp } from "../rfps/access.server";
import { readVisibleBids, requireEvaluationOpen, type EvaluationActor } from "./access.server";
import { loadChairAccess, NOT_OPENED_YET } from "./consensus.server";
import { writeSnapshotProjection } from "./results-projection.server";

export const SNAPSHOT_NOT_FOUND = "There is no such evaluation snapshot for this RFP.";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The engine run on a stored input text: the validated input, the evaluation and its JSON text as the CLI prints it. */
export function evaluateInputJson(inputJson: string): { input: RoundInput; evaluation: RoundEvaluation; resultJson: string } {
  const parsed = parseRoundInput(JSON.parse(inputJson));
  if (!parsed.ok) throw new Error(`assembled round input is invalid: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const evaluation = evaluateRound(parsed.data);
  return { input: parsed.data, evaluation, resultJson: `${JSON.stringify(evaluation, null, 2)}\n` };
}

/** The engine's JSON output for a stored input text, exactly as scripts/evaluate.ts prints it with --json. */
export function resultJsonFor(inputJson: string): string {
  return evaluateInputJson(inputJson).resultJson;
}

export interface SnapshotSummary {
  id: string;
  round: number;
  createdAt: Date;
  createdByName: string | null;
  inputHash: string;
  engineVersion: string;
  scoresLocked: boolean;
}

/**
 * Runs the engine on the round as it stands (locked or draft scores) and stores the snapshot.
 * Refused (409) before the opening, without the confidential position, or while a judged cell
 * has no submitted score (the problems are listed).
 */
export async function runEvaluation(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<{ snapshotId: string; inputHash: string; scoresLocked: boolean }> {
  return inAuditedTransaction(db, async (trx) => {
    const access = await loadChairAccess(trx, rfpId, actor);
    if (!access.opened) return new Refusal(new DomainError("conflict", NOT_OPENED_YET));
    requireEvaluationOpen(access);
    // Scores, moderations and the lock cannot change while the round is read.
    await lockEvaluationRound(trx, rfpId, access.round);
    const confidential = await findConfidential(trx, rfpId);
    const panel: PanelSeat[] = (await listPanelMembers(trx, rfpId)).map((p) => ({ userId: p.user_id, name: p.name, criterionIds: p.criterion_ids ?? null }));
    const conflicts = new Set((await listCurrentDeclarations(trx, rfpId)).filter((d) => d.has_conflict).map((d) => conflictKey(d.user_id, d.vendor_organisation_id)));
    const scores = countingScores(await listRoundScores(trx, rfpId, access.round), panel, conflicts);
    const moderations = await listModerations(trx, rfpId, access.round);
    let built;
    try {
      built = buildRoundInput({
        rfpId,
        definition: access.definition,
        confidential,
        // The chair reads every admitted bid with its prices (audited by readVisibleBids).
        bidders: (await readVisibleBids(trx, access, actor)).map((b) => ({ vendorOrganisationId: b.vendorOrganisationId, vendorName: b.vendorName, content: b.content })),
        evaluators: panel.map((p) => ({ id: p.userId, name: p.name })),
        scores,
        moderations,
      });
    } catch (error) {
      if (error instanceof DomainError) return new Refusal(error);
      throw error;
    }
    if (!built.ok) {
      await auditRfp(trx, actor, "evaluation.run-refused", rfpId, { round: access.round, problems: built.problems });
      return new Refusal(new DomainError("conflict", `The evaluation cannot run yet: ${built.problems.join(" ")}`, { run: built.problems }));
    }
    const inputJson = roundInputJson(built.input);
    const inputHash = sha256Hex(inputJson);
    const { input, evaluation, resultJson } = evaluateInputJson(inputJson);
    const row = await insertSnapshot(trx, { rfpId, round: access.round, inputJson, inputHash, engineVersion: ENGINE_VERSION, resultJson, scoresLocked: access.locked, createdBy: actor.id });
    // The results pages read this projection rather than parsing result_json per view.
    await writeSnapshotProjection(trx, row.id, input, evaluation);
    await auditRfp(trx, actor, "evaluation.snapshot-created", rfpId, { round: access.round, snapshotId: row.id, inputHash, engineVersion: ENGINE_VERSION, scoresLocked: access.locked });
    return { snapshotId: row.id, inputHash, scoresLocked: access.locked };
  });
}

/** The RFP's snapshots, newest first (without their texts). Chair only. */
export async function listSnapshots(db: Kysely<Database>, rfpId: string, actor: EvaluationActor): Promise<SnapshotSummary[]> {
  return db.transaction().execute(async (trx) => {
    await loadChairAccess(trx, rfpId, actor);
    return (await listSnapshotRows(trx, rfpId)).map(summaryOf);
  });
}

function summaryOf(r: { id: string; round: number | string; created_at: Date; created_by_name: string | null; input_hash: string; engine_version: string; scores_locked: boolean }): SnapshotSummary {
  return { id: r.id, round: Number(r.round), createdAt: r.created_at, createdByName: r.created_by_name, inputHash: r.input_hash, engineVersion: r.engine_version, scoresLocked: r.scores_locked };
}

export interface Snapshot extends SnapshotSummary {
  inputJson: string;
  resultJson: string;
}

/** One snapshot with its input and result texts (confidential figures inside: chair only). The read is audited. */
export async function getSnapshot(db: Kysely<Database>, rfpId: string, snapshotId: string, actor: EvaluationActor): Promise<Snapshot> {
  return db.transaction().execute(async (trx) => {
    await loadChairAccess(trx, rfpId, actor);
    assertId(snapshotId, SNAPSHOT_NOT_FOUND);
    const r = await findSnapshot(trx, rfpId, snapshotId);
    if (!r) throw new DomainError("not_found", SNAPSHOT_NOT_FOUND);
    await auditRfp(trx, actor, "evaluation.snapshot-read", rfpId, { snapshotId, inputHash: r.input_hash });
    return { ...summaryOf(r), inputJson: r.input_json, resultJson: r.result_json };
  });
}
