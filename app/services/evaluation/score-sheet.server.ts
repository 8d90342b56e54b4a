// The evaluator's Excel score sheet (issue #11, item 5): download and upload on top of the
// scoring service. Who may score what is decided there (getOwnScores, saveScores, each in its
// own transaction); this file only turns their data into a workbook and a workbook into draft
// entries. An upload never submits: the evaluator submits per criterion on the scoring page.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { DomainError } from "../../domain/errors";
import { problemsFromFieldErrors, readScoreSheet, type WorkbookProblem } from "../../exports/score-sheet-import.server";
import { buildScoreSheet, scoreSheetFileName } from "../../exports/score-sheet.server";
import { getOwnScores, saveScores } from "./scoring.server";
import type { EvaluationActor } from "./access.server";

export type ScoreSheetActor = EvaluationActor & { name?: string | null; email: string };

/** The sheet of the actor's own scores. 403 off the panel, 409 before the opening, as getOwnScores. */
export async function downloadScoreSheet(db: Kysely<Database>, rfpId: string, actor: ScoreSheetActor): Promise<{ bytes: Uint8Array; fileName: string }> {
  const data = await getOwnScores(db, rfpId, actor);
  // Access is settled above; the reference only names the file and heads the sheet.
  const reference = (await db.selectFrom("rfps").select("reference").where("id", "=", rfpId).executeTakeFirst())?.reference ?? "";
  const bytes = await buildScoreSheet({ ...data, reference }, rfpId, actor.name?.trim() || actor.email);
  return { bytes, fileName: scoreSheetFileName(reference, data.rfpTitle) };
}

export type ImportScoreSheetResult = { ok: true; imported: number } | { ok: false; status: number; problems: WorkbookProblem[] };

/**
 * All or nothing: the file is read against what the actor may score now, and its changed rows
 * are saved as drafts in one saveScores call. The service's own refusals (a field error, a score
 * submitted meanwhile, locked scores) come back as problems, by cell where they have one.
 * Access errors (not on the panel, undeclared conflicts) are thrown as DomainError.
 */
export async function importScoreSheet(db: Kysely<Database>, rfpId: string, actor: EvaluationActor, bytes: Uint8Array): Promise<ImportScoreSheetResult> {
  const own = await getOwnScores(db, rfpId, actor);
  const read = await readScoreSheet(bytes, { rfpId, criteria: own.criteria, slots: own.slots, bidders: own.bidders, scores: own.scores });
  if (!read.ok) return { ok: false, status: read.status ?? 400, problems: read.problems };
  if (read.entries.length === 0) return { ok: true, imported: 0 };
  try {
    await saveScores(db, rfpId, actor, { entries: read.entries, submit: false });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Access refusals stay errors of the request; everything about the scores becomes a problem.
    const hasFields = Object.keys(error.fieldErrors).length > 0;
    if (!hasFields && (error.code === "forbidden" || error.code === "not_found" || error.code === "unauthenticated")) throw error;
    const status = error.code === "conflict" ? 409 : error.code === "rate_limited" ? 429 : 400;
    return { ok: false, status, problems: problemsFromFieldErrors(error.fieldErrors, read.rows, error.message) };
  }
  return { ok: true, imported: read.entries.length };
}
