// Who may see what in the evaluation workspace, decided once per request inside the caller's
// transaction. The chair is a buyer of the RFP's organisation (moderate:scores:own): sees every
// admitted bid and every score. An evaluator sees bid content only when on the RFP's panel, only
// after the confirmed opening, and only of vendors they declared no conflict with; a conflicted
// vendor is "not found" for them. Under quality before price, evaluators see no money issue
// until the judged scores are locked. Admins never see bid content.
import type { Executor } from "../../../db/queries/executor";
import { definitionOf, databaseNow, type RfpRow } from "../../../db/queries/rfps";
import { findOpening, findPanelMember, findScoreLock, listAdmittedBidders, listCurrentDeclarations } from "../../../db/queries/evaluation-access";
import { readRfpLifecycleFacts } from "../../../db/queries/rfp-lifecycle";
import { latestOpenedRound } from "../bafo/rounds.server";
import { readOpenedBidContents } from "../../../db/queries/sealed-bids";
import { bidContentSchema, type BidContent } from "../../domain/bids/content";
import { DomainError } from "../../domain/errors";
import type { RfpCriterion } from "../../domain/rfp/criteria";
import { hasPermission } from "../../domain/permissions";
import type { RfpDefinition } from "../../domain/rfp/sections";
import { deriveRfpState, type RfpState } from "../../domain/rfp/state";
import { auditBid } from "../bids/access.server";
import { loadBuyerRfp, type RfpActor } from "../rfps/access.server";

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
 * Loads the RFP of the actor's own organisation and what the actor may do in its evaluation.
 * Vendors and other organisations: not found. Buyer-side users who are neither the chair nor on
 * the panel: forbidden.
 */
export async function loadEvaluationAccess(db: Executor, rfpId: string, actor: EvaluationActor, wantedRound?: number): Promise<EvaluationAccess> {
  const rfp = await loadBuyerRfp(db, rfpId, actor, "read:rfp:own");
  // The round evaluated: the newest opened one (round 1 before any opening), unless asked.
  const round = wantedRound ?? (await latestOpenedRound(db, rfpId)) ?? 1;
  const isChair = hasPermission(actor.roles, "moderate:scores:own");
  const member = await findPanelMember(db, rfpId, actor.id);
  if (!isChair && !member) throw new DomainError("forbidden", NOT_ON_PANEL);
  const definition = definitionOf(rfp);
  const now = await databaseNow(db);
  const opening = await findOpening(db, rfpId, round);
  const state = deriveRfpState(await readRfpLifecycleFacts(db, rfpId), now);
  const { locked } = await findScoreLock(db, rfpId, round);
  const bidders = opening ? await listAdmittedBidders(db, rfpId, round) : [];
  const declarations = new Map<string, OwnDeclaration>();
  for (const d of await listCurrentDeclarations(db, rfpId, actor.id)) {
    declarations.set(d.vendor_organisation_id, { hasConflict: d.has_conflict, note: d.note, declaredAt: d.declared_at, changeReason: d.change_reason });
  }
  const judged = definition.criteria.criteria.filter((c) => c.kind === "judged");
  const assigned = member?.criterion_ids ?? null;
  const scoredCriteria = member ? judged.filter((c) => assigned === null || assigned.includes(c.id)) : [];
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
  return {
    rfp,
    definition,
    round,
    state,
    now,
    isChair,
    panel: member ? { criterionIds: assigned } : null,
    scoredCriteria,
    opened: Boolean(opening),
    openedAt: opening?.opened_at ?? null,
    locked,
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
    const content = bidContentSchema.parse(row.content);
    result.push({ ...bidder, content: access.pricesHidden ? withoutPrices(content, access.definition) : content, pricesHidden: access.pricesHidden });
  }
  await auditBid(db, actor, "bid.contents-read", access.rfp.id, { vendors: result.map((b) => b.vendorOrganisationId), pricesHidden: access.pricesHidden, round: access.round });
  return result;
}
