// Inviting vendors by email, accepting an invitation through its link (a POST, by the invited
// address or its organisation), and a vendor's declared intent to bid. An invitation links the
// accepting vendor organisation to the RFP.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { databaseNow } from "../../../db/queries/rfps";
import { ensureParticipant, findInvitationByTokenHash, findRfpVisibleToVendor, insertInvitation, markInvitationAccepted, setIntentToBid } from "../../../db/queries/rfp-vendors";
import type { Executor } from "../../../db/queries/executor";
import { findInvitationForPage, isEmailOfOrganisationMember } from "../../../db/queries/tenancy";
import { DomainError } from "../../domain/errors";
import type { DeclareIntentInput, InviteVendorsInput } from "../../domain/rfp/actions";
import { assertRfpState, INTENT_TO_BID_STATES } from "../../domain/rfp/state";
import { assertId, auditRfp, invitationPath, invitationTokenHash, loadBuyerRfp, newInvitationToken, requireVendor, RFP_NOT_FOUND, type RfpActor } from "./access.server";
import { notifyEach } from "./notify.server";
import { invitationNotice } from "./publish-rfp.server";

export interface InvitationsResult {
  /** Sent now when the RFP is open; in a draft they are sent (with fresh links) at publication. */
  invited: { email: string; sent: boolean; path: string | null; token: string | null }[];
  alreadyInvited: string[];
}

export async function inviteVendors(db: Kysely<Database>, rfpId: string, input: InviteVendorsInput, actor: RfpActor): Promise<InvitationsResult> {
  return db.transaction().execute(async (trx) => {
    const row = await loadBuyerRfp(trx, rfpId, actor, "invite:vendor:own");
    const state = assertRfpState({ publishedAt: row.published_at, bidsCloseAt: row.bids_close_at, cancelledAt: row.cancelled_at }, await databaseNow(trx), ["draft", "open"], "invite vendors");
    const sendNow = state === "open";
    const result: InvitationsResult = { invited: [], alreadyInvited: [] };
    for (const email of [...new Set(input.emails)]) {
      const { token, tokenHash } = newInvitationToken();
      const inserted = await insertInvitation(trx, { rfpId, email, tokenHash, invitedBy: actor.id, sent: sendNow });
      if (!inserted) {
        result.alreadyInvited.push(email);
        continue;
      }
      if (sendNow) await notifyEach(trx, rfpId, [email], invitationNotice(row, actor.organisation.name, token));
      result.invited.push({ email, sent: sendNow, path: sendNow ? invitationPath(token) : null, token: sendNow ? token : null });
    }
    await auditRfp(trx, actor, "rfp.vendors-invited", rfpId, { before: null, after: { invited: result.invited.map((i) => i.email), sent: sendNow }, alreadyInvited: result.alreadyInvited });
    return result;
  });
}

const INVALID_LINK = "This invitation link is not valid. Ask the buyer to send the invitation again.";
const ALREADY_ACCEPTED = "This invitation was already accepted by another organisation. Ask the buyer to invite you directly.";
const NOT_FOR_YOU =
  "This invitation was sent to an email address that is not an account of your organisation. Sign in with the account of the invited address (or register with that address), or ask the buyer to invite yours.";

type InvitationRow = { rfp_id: string; email: string; vendor_organisation_id: string | null };

/**
 * Who may accept an invitation (docs/decisions/012-tenancy.md): the account of the invited
 * email; or a colleague in the same vendor organisation as an existing account with that
 * email. Once accepted, any member of the accepting organisation may follow the link again.
 */
async function mayAccept(db: Executor, invitation: InvitationRow, vendorAccount: RfpActor): Promise<boolean> {
  const organisationId = vendorAccount.organisation.id;
  if (invitation.vendor_organisation_id === organisationId) return true;
  if (invitation.email.toLowerCase() === vendorAccount.email.toLowerCase()) return true;
  return isEmailOfOrganisationMember(db, invitation.email, organisationId);
}

async function refuse(db: Kysely<Database>, invitation: InvitationRow, vendorAccount: RfpActor): Promise<never> {
  // The refusal is evidence: its row commits on its own, then the error is thrown.
  await auditRfp(db, vendorAccount, "rfp.invitation-refused", invitation.rfp_id, {
    email: invitation.email,
    vendorOrganisation: vendorAccount.organisation.name,
    reason: "not the invited address or its organisation",
  });
  throw new DomainError("forbidden", NOT_FOR_YOU);
}

/** What the invitation page shows a signed-in vendor before it accepts: the RFP's name and buyer. */
export async function readInvitation(db: Kysely<Database>, token: string, vendorAccount: RfpActor) {
  requireVendor(vendorAccount);
  const invitation = await findInvitationForPage(db, invitationTokenHash(token));
  if (!invitation) throw new DomainError("not_found", INVALID_LINK);
  if (invitation.vendor_organisation_id && invitation.vendor_organisation_id !== vendorAccount.organisation.id)
    throw new DomainError("conflict", ALREADY_ACCEPTED);
  if (!(await mayAccept(db, invitation, vendorAccount))) throw new DomainError("forbidden", NOT_FOR_YOU);
  return {
    rfpId: invitation.rfp_id,
    title: invitation.title,
    reference: invitation.reference,
    buyer: invitation.buyer_name,
    email: invitation.email,
    accepted: invitation.vendor_organisation_id === vendorAccount.organisation.id,
  };
}

/**
 * Links the vendor's organisation to the RFP (a POST from the invitation page); a second
 * acceptance by the same organisation changes nothing. Only the invited address's account,
 * or a colleague of an existing account with that address, may accept; a refusal is audited.
 */
export async function acceptInvitation(db: Kysely<Database>, token: string, vendorAccount: RfpActor): Promise<{ rfpId: string }> {
  requireVendor(vendorAccount);
  const outcome = await db.transaction().execute(async (trx) => {
    const invitation = await findInvitationByTokenHash(trx, invitationTokenHash(token));
    if (!invitation) throw new DomainError("not_found", INVALID_LINK);
    const organisationId = vendorAccount.organisation.id;
    if (invitation.vendor_organisation_id && invitation.vendor_organisation_id !== organisationId) throw new DomainError("conflict", ALREADY_ACCEPTED);
    if (!(await mayAccept(trx, invitation, vendorAccount))) return { refused: { rfp_id: invitation.rfp_id, email: invitation.email, vendor_organisation_id: invitation.vendor_organisation_id } };
    if (invitation.accepted_at) return { rfpId: invitation.rfp_id };
    await markInvitationAccepted(trx, invitation.id, { userId: vendorAccount.id, vendorOrganisationId: organisationId });
    await ensureParticipant(trx, invitation.rfp_id, organisationId, "invitation");
    await auditRfp(trx, vendorAccount, "rfp.invitation-accepted", invitation.rfp_id, {
      before: { email: invitation.email, accepted: false },
      after: { email: invitation.email, accepted: true, vendorOrganisation: vendorAccount.organisation.name },
    });
    return { rfpId: invitation.rfp_id };
  });
  if (outcome.refused) return refuse(db, outcome.refused, vendorAccount);
  return { rfpId: outcome.rfpId };
}

/**
 * Makes the vendor's organisation a participant the first time it acts on a visible RFP:
 * through a sent invitation addressed to one of its accounts (accepted now, as its link
 * would), or as a public RFP's bidder. Does nothing once it participates.
 */
export async function joinRfp(
  db: Executor,
  rfp: { id: string; joined_via: "invitation" | "public" | null; pending_invitation_id: string | null },
  vendorAccount: RfpActor,
): Promise<void> {
  if (rfp.joined_via) return;
  const organisationId = vendorAccount.organisation.id;
  if (!rfp.pending_invitation_id) return ensureParticipant(db, rfp.id, organisationId, "public");
  await markInvitationAccepted(db, rfp.pending_invitation_id, { userId: vendorAccount.id, vendorOrganisationId: organisationId });
  await ensureParticipant(db, rfp.id, organisationId, "invitation");
  await auditRfp(db, vendorAccount, "rfp.invitation-accepted", rfp.id, {
    before: { accepted: false },
    after: { accepted: true, vendorOrganisation: vendorAccount.organisation.name, how: "the invited account opened the RFP" },
  });
}

/** A vendor says whether it intends to bid; it may change its mind until the deadline. */
export async function declareIntentToBid(db: Kysely<Database>, rfpId: string, input: DeclareIntentInput, vendorAccount: RfpActor): Promise<void> {
  requireVendor(vendorAccount);
  assertId(rfpId);
  await db.transaction().execute(async (trx) => {
    const rfp = await findRfpVisibleToVendor(trx, rfpId, vendorAccount.organisation.id);
    if (!rfp) throw new DomainError("not_found", RFP_NOT_FOUND);
    assertRfpState({ publishedAt: rfp.published_at, bidsCloseAt: rfp.bids_close_at, cancelledAt: rfp.cancelled_at }, await databaseNow(trx), INTENT_TO_BID_STATES, "declare an intent to bid");
    await joinRfp(trx, rfp, vendorAccount);
    await setIntentToBid(trx, rfpId, vendorAccount.organisation.id, input.intendsToBid, vendorAccount.id);
    await auditRfp(trx, vendorAccount, "rfp.intent-declared", rfpId, { before: { intendsToBid: rfp.intends_to_bid }, after: { intendsToBid: input.intendsToBid } });
  });
}

