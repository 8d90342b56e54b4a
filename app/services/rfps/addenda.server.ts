// After publication there are no silent edits: every change is a numbered addendum with a
// reason and a field-level diff, every vendor is notified, and each vendor organisation
// acknowledges it. Extending the deadline is an addendum too.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { columnsOf, databaseNow, definitionOf, updateRfpAtVersion, type RfpRow } from "../../../db/queries/rfps";
import { findAddendum, insertAcknowledgement, insertAddendum } from "../../../db/queries/rfp-addenda";
import { countInvitations, findRfpVisibleToVendor, vendorRecipients } from "../../../db/queries/rfp-vendors";
import type { Executor } from "../../../db/queries/executor";
import { DomainError } from "../../domain/errors";
import { changesFixedAtPublication, type ExtendDeadlineInput, type IssueAddendumInput } from "../../domain/rfp/actions";
import { applyCriteriaUpdate } from "../../domain/rfp/criteria";
import { diffRfpDefinitions, type RfpChange } from "../../domain/rfp/diff";
import { formatInstant } from "../../domain/rfp/format";
import { checkRfpForPublishing, RfpNotReadyError } from "../../domain/rfp/publish-check";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { assertRfpState } from "../../domain/rfp/state";
import { assertId, assertVersion, auditRfp, loadBuyerRfp, opportunityPath, requireVendor, rfpLabel, RFP_NOT_FOUND, STALE_SAVE, type RfpActor } from "./access.server";
import { joinRfp } from "./invitations.server";
import { notifyEach } from "./notify.server";

export interface AddendumIssued {
  addendumId: string;
  number: number;
  changes: RfpChange[];
  version: number;
  notified: number;
}

async function recordAddendum(
  trx: Executor,
  row: RfpRow,
  actor: RfpActor,
  values: { kind: "amendment" | "deadline_extension"; reason: string; expectedVersion: number; before: RfpDefinition; after: RfpDefinition },
): Promise<AddendumIssued> {
  const changes = diffRfpDefinitions(values.before, values.after);
  if (changes.length === 0) throw new DomainError("invalid", "This addendum changes nothing; change at least one field.");
  const updated = await updateRfpAtVersion(trx, row.id, values.expectedVersion, columnsOf(values.after));
  if (!updated) throw new DomainError("conflict", STALE_SAVE);
  // A bid's content is unaffected by dates alone; any other change needs bids re-confirmed.
  const bidsNeedConfirmation = changes.some((c) => c.section !== "timeline");
  const addendum = await insertAddendum(trx, { rfpId: row.id, kind: values.kind, reason: values.reason, changes, bidsNeedConfirmation, rfpVersion: updated.version, issuedBy: actor.id });
  const notified = await notifyEach(trx, row.id, await vendorRecipients(trx, row.id), {
    kind: "rfp.addendum",
    subject: `Addendum ${addendum.number} to ${rfpLabel(updated)}`,
    body:
      `${actor.organisation.name} has issued addendum ${addendum.number} to "${rfpLabel(updated)}".\n\n` +
      `Reason: ${values.reason}\n\nWhat changed:\n${changes.map((c) => `- ${c.text}`).join("\n")}\n\n` +
      "Please read and acknowledge it in Pareto." +
      (bidsNeedConfirmation ? " If you have already submitted a bid, confirm or revise it before the deadline." : "") +
      `\n\nRead it: ${opportunityPath(row.id, "addenda")}\n`,
  });
  await auditRfp(trx, actor, values.kind === "amendment" ? "rfp.addendum-issued" : "rfp.deadline-extended", row.id, {
    addendum: addendum.number,
    reason: values.reason,
    changes,
    before: values.before,
    after: values.after,
    version: updated.version,
  });
  return { addendumId: addendum.id, number: addendum.number, changes, version: updated.version, notified };
}

/** Changes a published RFP; the result must still pass the publish check. */
export async function issueAddendum(db: Kysely<Database>, rfpId: string, input: IssueAddendumInput, actor: RfpActor): Promise<AddendumIssued> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "update:rfp:own", { lock: true });
    assertVersion(row, input.expectedVersion);
    const now = await databaseNow(trx);
    assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, now, ["open"], "issue an addendum");
    const before = definitionOf(row);
    const after: RfpDefinition = {
      basics: input.basics ?? before.basics,
      timeline: input.timeline ?? before.timeline,
      termSheet: input.termSheet?.issues ?? before.termSheet,
      bundleSlots: input.bundleSlots?.slots ?? before.bundleSlots,
      criteria: input.criteria ? applyCriteriaUpdate(before.criteria, input.criteria) : before.criteria,
      sla: input.sla ?? before.sla,
      isPublic: input.visibility?.isPublic ?? before.isPublic,
    };
    const fixed = changesFixedAtPublication(before, after);
    if (Object.keys(fixed).length > 0) throw new DomainError("invalid", Object.values(fixed).flat().join(" "), fixed);
    const problems = checkRfpForPublishing(after, { now, invitationCount: await countInvitations(trx, rfpId) });
    if (problems.length > 0) throw new RfpNotReadyError(problems, "changed this way");
    return recordAddendum(trx, row, actor, { kind: "amendment", reason: input.reason, expectedVersion: input.expectedVersion, before, after });
  });
}

/** Moves the deadline later (never to a time before now), as an addendum with its reason. */
export async function extendDeadline(db: Kysely<Database>, rfpId: string, input: ExtendDeadlineInput, actor: RfpActor): Promise<AddendumIssued> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "update:rfp:own", { lock: true });
    assertVersion(row, input.expectedVersion);
    const now = await databaseNow(trx);
    assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, now, ["open"], "extend the deadline");
    const current = row.bids_close_at!;
    if (input.bidsCloseAt.getTime() <= now.getTime()) {
      const message = `The new deadline must be in the future; it is now ${formatInstant(now)}.`;
      throw new DomainError("invalid", message, { bidsCloseAt: [message] });
    }
    if (input.bidsCloseAt.getTime() <= current.getTime()) {
      const message = `An extension moves the deadline later than ${formatInstant(current)}; to bring it forward, issue an addendum.`;
      throw new DomainError("invalid", message, { bidsCloseAt: [message] });
    }
    const questionsCloseAt = input.questionsCloseAt ?? row.questions_close_at;
    if (questionsCloseAt && questionsCloseAt.getTime() > input.bidsCloseAt.getTime()) {
      const message = "Questions must close before the new deadline.";
      throw new DomainError("invalid", message, { questionsCloseAt: [message] });
    }
    const before = definitionOf(row);
    const after: RfpDefinition = { ...before, timeline: { ...before.timeline, bidsCloseAt: input.bidsCloseAt, questionsCloseAt } };
    return recordAddendum(trx, row, actor, { kind: "deadline_extension", reason: input.reason, expectedVersion: input.expectedVersion, before, after });
  });
}

/** One acknowledgement per vendor organisation; acknowledging twice changes nothing. */
export async function acknowledgeAddendum(db: Kysely<Database>, rfpId: string, addendumId: string, vendorAccount: RfpActor): Promise<{ acknowledged: true }> {
  requireVendor(vendorAccount, "acknowledge:addendum:own");
  assertId(rfpId);
  assertId(addendumId, "There is no such addendum.");
  return db.transaction().execute(async (trx) => {
    const rfp = await findRfpVisibleToVendor(trx, rfpId, vendorAccount.organisation.id);
    if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
    await joinRfp(trx, rfp, vendorAccount);
    const addendum = await findAddendum(trx, addendumId);
    if (!addendum || addendum.rfp_id !== rfpId) throw new DomainError("not_found", "There is no such addendum.");
    const recorded = await insertAcknowledgement(trx, addendumId, vendorAccount.organisation.id, vendorAccount.id);
    if (recorded) {
      await auditRfp(trx, vendorAccount, "rfp.addendum-acknowledged", rfpId, {
        addendum: addendum.number,
        before: { acknowledged: false },
        after: { acknowledged: true, vendorOrganisation: vendorAccount.organisation.name },
      });
    }
    return { acknowledged: true };
  });
}
