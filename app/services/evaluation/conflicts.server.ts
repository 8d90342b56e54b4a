// Conflict-of-interest declarations: a panel member declares, for every admitted bidder, "no
// conflict" or "conflict" with a note, after the opening and before seeing any bid. Records are
// appended, never changed: a changed declaration is a new record with the reason for the
// change; re-declaring the same thing records nothing. Audited (whether, not the notes).
// Declarations are part of what locked scores were counted with: once the chair locks the scores
// a declaration made no longer changes (a first one still may), and none after the award is
// approved (decision 009).
import type { Kysely } from "kysely";
import { lockEvaluationRound } from "../../../db/queries/evaluation-access";
import { insertDeclarations } from "../../../db/queries/evaluation-panel";
import type { Database } from "../../../db/schema";
import { checkDeclaration, conflictField, DECLARATIONS_LOCKED, declareConflictsSchema, type DeclareConflictsInput } from "../../domain/evaluation-workspace/scoring";
import { DomainError } from "../../domain/errors";
import { auditRfp } from "../rfps/access.server";
import { loadEvaluationAccess, NOT_ON_PANEL, requireEvaluationOpen, type EvaluationActor } from "./access.server";

export const DECLARATIONS_NOT_OPEN = "Declarations open when the bids are opened: you then declare, for every bidder, whether you have a conflict of interest.";

export async function declareConflicts(db: Kysely<Database>, rfpId: string, input: DeclareConflictsInput, actor: EvaluationActor): Promise<{ recorded: number; unchanged: number }> {
  return db.transaction().execute(async (trx) => {
    const access = await loadEvaluationAccess(trx, rfpId, actor);
    if (!access.panel) throw new DomainError("forbidden", NOT_ON_PANEL);
    if (!access.opened) throw new DomainError("conflict", DECLARATIONS_NOT_OPEN);
    requireEvaluationOpen(access, "Your declarations were not saved.");
    const parsed = declareConflictsSchema.safeParse(input);
    if (!parsed.success) throw new DomainError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
    await lockEvaluationRound(trx, rfpId, access.round);

    const fieldErrors: Record<string, string[]> = {};
    const bidders = new Map(access.bidders.map((b) => [b.vendorOrganisationId, b]));
    const seen = new Set<string>();
    const records: Parameters<typeof insertDeclarations>[1][number][] = [];
    let unchanged = 0;
    for (const d of parsed.data.declarations) {
      const field = conflictField(d.vendorOrganisationId);
      if (!bidders.has(d.vendorOrganisationId)) {
        fieldErrors[field] = ["There is no such bidder in this RFP."];
        continue;
      }
      if (seen.has(d.vendorOrganisationId)) {
        fieldErrors[field] = ["Declare once for each bidder."];
        continue;
      }
      seen.add(d.vendorOrganisationId);
      const current = access.declarations.get(d.vendorOrganisationId);
      const check = checkDeclaration(d, current);
      Object.assign(fieldErrors, check.fieldErrors);
      if (check.record && current && access.locked) {
        fieldErrors[field] = [DECLARATIONS_LOCKED];
        continue;
      }
      if (!check.record) unchanged++;
      else records.push({ rfpId, userId: actor.id, vendorOrganisationId: d.vendorOrganisationId, hasConflict: d.hasConflict, note: d.note.trim(), changeReason: current ? (d.changeReason ?? "").trim() : null });
    }
    for (const b of access.bidders) {
      if (!seen.has(b.vendorOrganisationId) && !access.declarations.has(b.vendorOrganisationId) && !fieldErrors[conflictField(b.vendorOrganisationId)]) {
        fieldErrors[conflictField(b.vendorOrganisationId)] = [`Declare for ${b.vendorName} too: every bidder needs a declaration.`];
      }
    }
    if (Object.keys(fieldErrors).length) {
      const onlyLocked = Object.values(fieldErrors).every((messages) => messages.includes(DECLARATIONS_LOCKED));
      if (onlyLocked) throw new DomainError("conflict", `Your declarations were not saved: ${DECLARATIONS_LOCKED}`, fieldErrors);
      throw new DomainError("invalid", "Your declarations were not saved: see the messages by each bidder.", fieldErrors);
    }
    await insertDeclarations(trx, records);
    await auditRfp(trx, actor, "evaluation.conflicts-declared", rfpId, {
      round: access.round,
      recorded: records.map((r) => ({ vendorOrganisationId: r.vendorOrganisationId, hasConflict: r.hasConflict, change: r.changeReason !== null })),
      unchanged,
    });
    return { recorded: records.length, unchanged };
  });
}
