// Who may see what in the evaluation workspace, decided once per request inside the caller's
// transaction. The chair is a buyer of the RFP's organisation (moderate:scores:own): sees every
// admitted bid and every score. An evaluator sees bid content only when on the RFP's panel, only
// after the confirmed opening, and only of vendors they declared no conflict with; a conflicted
// vendor is "not found" for them. Under quality before price, evaluators see no money issue
// until the judged scores are locked. Admins never see bid content.
import type { Executor } from "../../../db/queries/executor";
import { definitionOfLazily, type RfpRow } from "../../../db/queries/rfps";
import { findPanelMember, readEvaluationAccessRow } from "../../../db/queries/evaluation-access";
import { factsOf } from "../../../db/queries/rfp-lifecycle";
import { readOpenedBidContents } from "../../../db/queries/sealed-bids";
import type { BidContent } from "../../domain/bids/content";
import { DomainError } from "../../domain/errors";
import type { RfpCriterion } from "../../domain/rfp/criteria";
import { hasPermission } from "../../domain/permissions";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, evaluationClosedReason, type RfpState } from "../../domain/rfp/state";
import { auditBid } from "../bids/access.server";
import { assertId, RFP_NOT_FOUND, type RfpActor } from "../rfps/access.server";

export type EvaluationActor = RfpActor;

export const NOT_ON_PANEL = "You are not on the evaluation panel of this RFP, so you cannot see its bids. The buyer names the panel.";
export const NOT_OPENED = "The bids of this RFP have not been opened yet. They are opened after the deadline by two people of the buyer's organisation.";
export const VENDOR_NOT_FOUND = "There is no such bidder in this RFP, or you may not see its bid.";
export const DECLARE_FIRST = "Declare for every bidder whether you have a conflict of interest before you see any bid.";

export interface Bidder {
  vendorOrganisationId: string;
  vendorName: string;
  versionNumber: number;
}

export interface OwnDeclaration {
  hasConflict: boolean;
  note: string;
  declaredAt: Date;
  changeReason: string | null;
}

export interface EvaluationAccess {
  rfp: RfpRow;
  definition: RfpDefinition;
  round: number;
  state: RfpState;
  /** Every round with a confirmed opening, oldest first. */
  openedRounds: number[];
  /** The database clock at the start of the request's transaction. */
  now: Date;
  /** The buyer chairing the evaluation (sees everything, moderates, locks). */
  isChair: boolean;
  /** The actor's own panel membership; null when not on the panel. */
  panel: { criterionIds: string[] | null } | null;
  /** The judged criteria this actor scores (empty when not on the panel). */
  scoredCriteria: RfpCriterion[];
  opened: boolean;
  openedAt: Date | null;
  locked: boolean;
  /** The round's newest lock or unlock event: who, when, why; null when none. */
  lastLockEvent: { action: "lock" | "unlock"; reason: string | null; at: Date; byName: string } | null;
  qualityBeforePrice: boolean;
  /** True when this actor must not see prices yet (evaluator, two envelopes, scores not locked). */
  pricesHidden: boolean;
  /** Admitted bidders after the opening (empty before it). */
  bidders: Bidder[];
  /** The actor's own newest declaration per vendor organisation id. */
  declarations: Map<string, OwnDeclaration>;
  /** Bidders whose content this actor may see: all for the chair; declared "no conflict" for an evaluator. */
  visibleVendorIds: Set<string>;
  /** Bidders the actor (an evaluator) has not declared for yet. */
  undeclaredVendorIds: string[];
}

/**
 * Loads the RFP of the actor's own organisation and what the actor may do in its evaluation,
 * in one statement (readEvaluationAccessRow). Vendors and other organisations: not found.
 * Buyer-side users who are neither the chair nor on the panel: forbidden.
 */
export async function loadEvaluationAccess(db: Executor, rfpId: string, actor: EvaluationActor, wantedRound?: number): Promise<EvaluationAccess> {
  // loadBuyerRfp's checks, in its order, on the row read with everything else.
  assertId(rfpId);
  if (actor.organisation.kind !== "buyer") throw new DomainError("not_found", RFP_NOT_FOUND);
  const found = await readEvaluationAccessRow(db, rfpId, actor.id, wantedRound ?? null);
  if (!found || found.buyer_organisation_id !== actor.organisation.id) throw new DomainError("not_found", RFP_NOT_FOUND);
  if (!hasPermission(actor.roles, "read:rfp:own")) throw new DomainError("forbidden", "Your role does not allow this on RFPs.");
  const {
    x_now: now,
    x_round,
    x_openings,
    x_on_panel,
    x_panel_criterion_ids,
    x_lock_action,
    x_lock_reason,
    x_lock_at,
    x_lock_by_name,
    x_bidders,
    x_declarations,
    round1_opened_at,
    bafo_round,
    bafo_bids_close_at,
    bafo_opened_at,
    award_approved_at,
    award_concluded_at,
    ...row
  } = found;
  const rfp = row as unknown as RfpRow;
  // The round evaluated: the newest opened one (round 1 before any opening), unless asked.
  const round = Number(x_round);
  const isChair = hasPermission(actor.roles, "moderate:scores:own");
  if (!isChair && !x_on_panel) throw new DomainError("forbidden", NOT_ON_PANEL);
  // Each section is validated when first read: the results pages read none of them.
  const definition = definitionOfLazily(rfp);
  const openings = x_openings.map((o) => ({ round: Number(o.round), openedAt: new Date(o.opened_at) }));
  const openedAtOf = (r: number) => openings.find((o) => o.round === r)?.openedAt ?? null;
  const state = deriveRfpState(
    factsOf({ published_at: rfp.published_at, bids_close_at: rfp.bids_close_at, cancelled_at: rfp.cancelled_at, round1_opened_at, bafo_round, bafo_bids_close_at, bafo_opened_at, award_approved_at, award_concluded_at }),
    now,
  );
  const openedAt = openedAtOf(round);
  const bidders: Bidder[] =
    openedAt === null ? [] : x_bidders.map((b) => ({ vendorOrganisationId: b.id, vendorName: b.name, versionNumber: b.version ?? 0 }));
  const declarations = new Map<string, OwnDeclaration>();
  for (const d of x_declarations) {
    declarations.set(d.vendor, { hasConflict: d.conflict, note: d.note, declaredAt: new Date(d.at), changeReason: d.reason });
  }
  const member = x_on_panel ? { criterion_ids: x_panel_criterion_ids } : null;
  const assigned = member?.criterion_ids ?? null;
  let scored: RfpCriterion[] | undefined;
  const scoredCriteria = () => (scored ??= member ? definition.criteria.criteria.filter((c) => c.kind === "judged" && (assigned === null || assigned.includes(c.id))) : []);
  const qualityBeforePrice = Boolean(rfp.quality_before_price);
  const visibleVendorIds = new Set<string>();
  const undeclaredVendorIds: string[] = [];
  for (const b of bidders) {
    const own = declarations.get(b.vendorOrganisationId);
    if (member && !own) undeclaredVendorIds.push(b.vendorOrganisationId);
    // A chair who also sits on the panel and declared a conflict sees that vendor no more than any evaluator.
    if (own?.hasConflict) continue;
    if (isChair || own) visibleVendorIds.add(b.vendorOrganisationId);
  }
  // An evaluator declares for EVERY bidder before seeing any bid (a chair who is not on the panel needs none).
  if (member && !isChair && undeclaredVendorIds.length > 0) visibleVendorIds.clear();
  const locked = x_lock_action === "lock";
  return {
    rfp,
    definition,
    round,
    openedRounds: openings.map((o) => o.round),
    state,
    now,
    isChair,
    panel: member ? { criterionIds: assigned } : null,
    get scoredCriteria() {
      return scoredCriteria();
    },
    opened: openedAt !== null,
    openedAt,
    locked,
    lastLockEvent: x_lock_action === null ? null : { action: x_lock_action, reason: x_lock_reason, at: x_lock_at!, byName: x_lock_by_name ?? "" },
    qualityBeforePrice,
    pricesHidden: qualityBeforePrice && !isChair && !locked,
    bidders,
    declarations,
    visibleVendorIds,
    undeclaredVendorIds,
  };
}

/** Whether the user sits on the RFP's panel (for showing the Scoring tab; access is still checked per page). */
export async function isOnPanel(db: Executor, rfpId: string, userId: string): Promise<boolean> {
  return Boolean(await findPanelMember(db, rfpId, userId));
}

export function requireOpened(access: EvaluationAccess): void {
  if (!access.opened) throw new DomainError("conflict", NOT_OPENED);
}

/**
 * Refuses a change to the evaluation once its award is approved (evaluationClosedReason): a score,
 * a moderation, a lock or unlock, a run. `consequence` follows the reason ("Nothing was saved.").
 */
export function requireEvaluationOpen(access: EvaluationAccess, consequence?: string): void {
  const reason = evaluationClosedReason(access.state);
  if (reason) throw new DomainError("conflict", consequence ? `${reason} ${consequence}` : reason);
}

/**
 * A bidder this actor may see. A conflicted or unknown vendor is not found (existence
 * unrevealed); a vendor the evaluator has not declared for yet asks for the declaration first.
 */
export function requireVisibleBidder(access: EvaluationAccess, vendorOrganisationId: string): Bidder {
  requireOpened(access);
  const bidder = access.bidders.find((b) => b.vendorOrganisationId === vendorOrganisationId);
  if (!bidder) throw new DomainError("not_found", VENDOR_NOT_FOUND);
  if (access.declarations.get(vendorOrganisationId)?.hasConflict) throw new DomainError("not_found", VENDOR_NOT_FOUND);
  if (!access.visibleVendorIds.has(vendorOrganisationId)) throw new DomainError("forbidden", DECLARE_FIRST);
  return bidder;
}

export interface VisibleBid extends Bidder {
  content: BidContent;
  /** Money values were removed (quality before price, scores not locked). */
  pricesHidden: boolean;
}

/** Money issues removed from every bundle: what an evaluator sees under two envelopes. */
export function withoutPrices(content: BidContent, definition: RfpDefinition): BidContent {
  const money = new Set(definition.termSheet.filter((i) => i.kind === "money").map((i) => i.id));
  return {
    bundles: content.bundles.map((b) => ({ ...b, values: Object.fromEntries(Object.entries(b.values).filter(([issueId]) => !money.has(issueId))) })),
  };
}

/**
 * The counting content of the admitted bids this actor may see (optionally only some vendors),
 * read through the seal and audited. Prices are removed where the actor may not see them yet.
 */
export async function readVisibleBids(db: Executor, access: EvaluationAccess, actor: EvaluationActor, vendorOrganisationIds?: readonly string[]): Promise<VisibleBid[]> {
  requireOpened(access);
  const wanted = (vendorOrganisationIds ?? [...access.visibleVendorIds]).filter((id) => access.visibleVendorIds.has(id));
  if (wanted.length === 0) return [];
  // Only the wanted vendors' content is read (a vendor's scoring page reads one bid, not the round).
  const opened = await readOpenedBidContents(db, access.rfp.id, access.round, vendorOrganisationIds ? wanted : undefined);
  if (opened.sealed) throw new DomainError("conflict", NOT_OPENED);
  const contentOf = new Map(opened.bids.map((b) => [b.vendorOrganisationId, b]));
  const result: VisibleBid[] = [];
  for (const bidder of access.bidders) {
    if (!wanted.includes(bidder.vendorOrganisationId)) continue;
    const row = contentOf.get(bidder.vendorOrganisationId);
    if (!row) continue;
    result.push({ ...bidder, content: access.pricesHidden ? withoutPrices(row.content, access.definition) : row.content, pricesHidden: access.pricesHidden });
  }
  await auditBid(db, actor, "bid.contents-read", access.rfp.id, { vendors: result.map((b) => b.vendorOrganisationId), pricesHidden: access.pricesHidden, round: access.round });
  return result;
}
