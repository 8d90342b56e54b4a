// Publishing: only a complete and consistent RFP, checked against the database clock inside
// the publishing transaction (a deadline that passed a second ago is in the past). Pending
// invitations are sent now, each with a fresh link.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseNow, definitionOf, updateRfpAtVersion } from "../../../db/queries/rfps";
import { countInvitations, listUnsentInvitations, markInvitationSent } from "../../../db/queries/rfp-vendors";
import { DomainError } from "../../domain/errors";
import { formatInstant } from "../../domain/rfp/format";
import { checkRfpForPublishing, RfpNotReadyError, type PublishProblem } from "../../domain/rfp/publish-check";
import type { PublishInput } from "../../domain/rfp/sections";
import { assertRfpState } from "../../domain/rfp/state";
import { assertVersion, auditRfp, invitationPath, loadBuyerRfp, newInvitationToken, rfpLabel, STALE_SAVE, type RfpActor } from "./access.server";
import { notifyEach } from "./notify.server";

/** The publish checklist for the editor: every problem, by section, now. */
export async function checkRfpReadiness(db: Kysely<Database>, rfpId: string, actor: RfpActor): Promise<PublishProblem[]> {
  const row = await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  return checkRfpForPublishing(definitionOf(row), { now: await databaseNow(db), invitationCount: await countInvitations(db, rfpId) });
}

export interface Published {
  publishedAt: Date;
  version: number;
  /** The invitation links sent at publication (also queued as emails). */
  invitationsSent: { email: string; token: string; path: string }[];
}

/** Throws RfpNotReadyError (code "invalid") with every problem when the RFP is not ready. */
export async function publishRfp(db: Kysely<Database>, rfpId: string, input: PublishInput, actor: RfpActor): Promise<Published> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "publish:rfp:own", { lock: true });
    assertVersion(row, input.expectedVersion);
    const now = await databaseNow(trx);
    assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, now, ["draft"], "publish it");
    const definition = definitionOf(row);
    const problems = checkRfpForPublishing(definition, { now, invitationCount: await countInvitations(trx, rfpId) });
    if (problems.length > 0) throw new RfpNotReadyError(problems);

    const updated = await updateRfpAtVersion(trx, rfpId, input.expectedVersion, { published_at: now, published_by: actor.id });
    if (!updated) throw new DomainError("conflict", STALE_SAVE);

    const invitationsSent: Published["invitationsSent"] = [];
    for (const invitation of await listUnsentInvitations(trx, rfpId)) {
      const { token, tokenHash } = newInvitationToken();
      await markInvitationSent(trx, invitation.id, tokenHash);
      await notifyEach(trx, rfpId, [invitation.email], invitationNotice(row, actor.organisation.name, token));
      invitationsSent.push({ email: invitation.email, token, path: invitationPath(token) });
    }
    await auditRfp(trx, actor, "rfp.published", rfpId, {
      before: { state: "draft" },
      after: { state: "open", publishedAt: now.toISOString(), definition },
      invitationsSent: invitationsSent.map((i) => i.email),
      version: updated.version,
    });
    return { publishedAt: now, version: updated.version, invitationsSent };
  });
}

export function invitationNotice(row: { title: string; reference: string; bids_close_at: Date | null }, buyerName: string, token: string) {
  return {
    kind: "rfp.invitation",
    subject: `Invitation to bid: ${rfpLabel(row)}`,
    body:
      `${buyerName} invites your organisation to bid for "${rfpLabel(row)}".\n\n` +
      (row.bids_close_at ? `Bids close on ${formatInstant(row.bids_close_at)}.\n\n` : "") +
      `Open the invitation (sign in or register to accept it): ${invitationPath(token)}\n`,
  };
}
