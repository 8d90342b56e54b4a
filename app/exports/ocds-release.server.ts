// The OCDS 1.1.5 release package with the bids extension (issue #14, item 4), from the same
// snapshot as the rest of the pack: the tender (the term sheet as items, the criteria as award
// criteria, the dates), the parties, bid statistics, and — once the award is approved — each
// bundle as a bid with its evaluated price and place, and the award itself. Never confidential
// figures: the pack holds none (no reservation price, no BATNA), and no tender value is
// published because the only estimate Pareto has is the buyer's confidential reservation price.
//
// Rounds (decisions 017, 018): the tenderers are every vendor that tendered in any round; the
// bids (details and bid statistics) are the bundles of the snapshot's round only. The release
// is a function of the pack's facts alone: its id and dates are those of the latest event it
// describes, so two downloads of an unchanged release are the same bytes.
import type { AwardPackData } from "../domain/award/pack";
import type { AwardStatus, AwardSummary } from "../domain/award/types";
import { formatNumber, formatPoints } from "../domain/evaluation/format";
import { fileText } from "./pack-text";

/** The OCID prefix of this publisher (https://standard.open-contracting.org/1.1/en/schema/identifiers/). */
export const OCID_PREFIX = "ocds-pareto";
export const BIDS_EXTENSION_URL = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json";

type Json = Record<string, unknown>;


/**
 * Pareto's award status → OCDS awardStatus: "pending" is "proposed, not yet in force (cooling-off
 * period …)", which is both a proposal awaiting its second person and the standstill period;
 * "active" (in force) only once the award is concluded.
 */
export const OCDS_AWARD_STATUS: Record<AwardStatus, "pending" | "active" | "cancelled"> = { proposed: "pending", standstill: "pending", concluded: "active", cancelled: "cancelled" };

export function ocidOf(rfpId: string): string {
  return `${OCID_PREFIX}-${rfpId}`;
}

/** A bundle of a round as a bid's id: each round's bundle is a bid of its own. */
export function bidIdOf(vendorId: string, slotId: string, round: number): string {
  return `${vendorId}-${slotId}-round-${round}`;
}

/** "2026-11-29T10:00:00.000Z" → "20261129T100000Z" (for the release id). */
function compactTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

function latest(times: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const t of times) if (t && (best === null || Date.parse(t) > Date.parse(best))) best = new Date(t).toISOString();
  return best;
}

/** The award as this release carries it: the live award, on this pack's snapshot only. */
function releaseAward(pack: AwardPackData): AwardSummary | null {
  const award = pack.award;
  return award && award.status !== "cancelled" && award.snapshotId === pack.snapshot.id ? award : null;
}

export function buildOcdsReleasePackage(pack: AwardPackData): Json {
  const ocid = ocidOf(pack.rfp.id);
  const { currency, minorUnitsPerMajor } = pack.rfp;
  const round = pack.snapshot.round;
  const value = (minor: number) => ({ amount: minor / minorUnitsPerMajor, currency });
  const award = releaseAward(pack);
  // Bid details and bid values are published only after the award is approved (standstill or concluded).
  const disclosed = award !== null && (award.status === "standstill" || award.status === "concluded");
  const buyerId = `buyer-${pack.rfp.id}`;
  const tenderers = pack.tenderers.map((t): [string, string] => [t.id, t.name]);
  const opening = pack.opening;
  const valid = pack.bundles.filter((b) => b.passesGates);
  const validVendors = new Set(valid.map((b) => b.vendorId));
  const statDate = opening?.openedAt ?? undefined;
  const ofRound = round > 1 ? ` of round ${round} (the evaluated round; earlier rounds' bids are not counted)` : "";

  const statistics: Json[] = [
    { id: "bids", measure: "bids", value: pack.bundles.length, ...(statDate ? { date: statDate } : {}), notes: `Every bundle of every admitted bid${ofRound} counts as one bid (each vendor offers up to three bundles at once).` },
    { id: "validBids", measure: "validBids", value: valid.length, notes: `Bundles${ofRound} that pass every gate.` },
    { id: "disqualifiedBids", measure: "disqualifiedBids", value: pack.bundles.length - valid.length, notes: `Bundles${ofRound} that fail a gate.` },
    { id: "bidders", measure: "bidders", value: tenderers.length, notes: round > 1 ? "Vendors that tendered in any round." : "Vendors that tendered." },
    { id: "qualifiedBidders", measure: "qualifiedBidders", value: validVendors.size, notes: `Bidders${ofRound} with at least one bundle that passes every gate.` },
  ];
  if (disclosed && valid.length > 0) {
    // Every bundle is a bid of bids.details: the extremes of the valid ones, as listed there.
    const prices = valid.map((b) => b.evaluatedPriceMinor);
    statistics.push(
      { id: "lowestValidBidValue", measure: "lowestValidBidValue", value: Math.min(...prices) / minorUnitsPerMajor, currency, notes: "Evaluated price of the cheapest bundle that passes every gate." },
      { id: "highestValidBidValue", measure: "highestValidBidValue", value: Math.max(...prices) / minorUnitsPerMajor, currency, notes: "Evaluated price of the dearest bundle that passes every gate." },
    );
  }
  const receivedAt = new Map((opening?.rows ?? []).map((r) => [r.vendorOrganisationId, r.receivedAt]));
  const bids: Json = { statistics };
  if (disclosed) {
    bids.details = pack.bundles.map((b) => ({
      id: bidIdOf(b.vendorId, b.slotId, round),
      ...(receivedAt.get(b.vendorId) ? { date: receivedAt.get(b.vendorId) } : {}),
      description: fileText(`${b.slotName} bundle${round > 1 ? `, round ${round}` : ""}: ${formatPoints(b.total)} of 100 points`),
      status: b.passesGates ? "valid" : "disqualified",
      tenderers: [{ id: b.vendorId, name: fileText(b.vendorName) }],
      value: value(b.evaluatedPriceMinor),
      hasRank: b.rank !== null,
      ...(b.rank !== null ? { rank: b.rank } : {}),
    }));
  }

  // The latest event the release describes: its date, and part of its id (new content, new id).
  const eventAt = award
    ? latest([award.proposedAt, award.approvedAt, award.concludedAt])!
    : (latest([pack.rfp.publishedAt, opening?.openedAt, pack.snapshot.createdAt]) ?? pack.snapshot.createdAt);
  const stage = award ? `award-${award.status}` : "tender";
  const method = pack.rfp.isPublic ? "open" : "limited";
  const criteriaDetails = pack.criteria.map((c) => (c.method.startsWith(`${c.name} (weight `) ? c.method : `${c.name} (weight ${formatNumber(c.weight, 2)} of 100): ${c.method}`));

  const release: Json = {
    ocid,
    id: `${ocid}-${pack.snapshot.id}-${stage}-${compactTime(eventAt)}`,
    date: eventAt,
    tag: [award ? "award" : "tender"],
    initiationType: "tender",
    language: "en",
    parties: [
      { id: buyerId, name: fileText(pack.rfp.buyerName), roles: ["buyer", "procuringEntity"] },
      ...tenderers.map(([id, name]) => ({ id, name: fileText(name), roles: award && award.vendorOrganisationId === id ? ["tenderer", "supplier"] : ["tenderer"] })),
    ],
    buyer: { id: buyerId, name: fileText(pack.rfp.buyerName) },
    tender: {
      id: pack.rfp.reference || pack.rfp.id,
      title: fileText(pack.rfp.title),
      ...(pack.rfp.summary ? { description: fileText(pack.rfp.summary) } : {}),
      status: disclosed ? "complete" : "active",
      procuringEntity: { id: buyerId, name: fileText(pack.rfp.buyerName) },
      items: pack.rfp.issues.map((i) => ({ id: i.id, description: fileText(i.unit ? `${i.name} (${i.unit})` : i.name) })),
      ...(method
        ? {
            procurementMethod: method,
            procurementMethodDetails: method === "open" ? "Public request for proposals: any vendor could bid." : "Invitation-only request for proposals: the buyer chose and invited the vendors.",
          }
        : {}),
      awardCriteria: "ratedCriteria",
      awardCriteriaDetails: fileText(criteriaDetails.join(" ")),
      submissionMethod: ["electronicSubmission"],
      ...(pack.rfp.bidsCloseAt ? { tenderPeriod: { ...(pack.rfp.publishedAt ? { startDate: pack.rfp.publishedAt } : {}), endDate: pack.rfp.bidsCloseAt } } : {}),
      ...(opening ? { awardPeriod: { startDate: opening.openedAt, ...(award?.approvedAt ? { endDate: award.approvedAt } : {}) } } : {}),
      numberOfTenderers: tenderers.length,
      tenderers: tenderers.map(([id, name]) => ({ id, name: fileText(name) })),
    },
    bids,
  };
  if (award) {
    release.awards = [
      {
        id: award.id,
        title: fileText(`${award.vendorName} — ${award.slotName}`),
        description: fileText(award.rationale),
        status: OCDS_AWARD_STATUS[award.status],
        date: award.approvedAt ?? award.proposedAt,
        // Before the approval the bids are withheld: neither their value nor a reference to one.
        ...(disclosed ? { value: value(award.evaluatedPriceMinor) } : {}),
        suppliers: [{ id: award.vendorOrganisationId, name: fileText(award.vendorName) }],
        ...(disclosed ? { relatedBids: [bidIdOf(award.vendorOrganisationId, award.slotId, round)] } : {}),
      },
    ];
  }
  return {
    uri: `urn:pareto:rfp:${pack.rfp.id}:snapshot:${pack.snapshot.id}:ocds`,
    version: "1.1",
    extensions: [BIDS_EXTENSION_URL],
    publishedDate: eventAt,
    publisher: { name: fileText(pack.rfp.buyerName) },
    releases: [release],
  };
}

export function ocdsJson(pack: AwardPackData): string {
  return `${JSON.stringify(buildOcdsReleasePackage(pack), null, 2)}\n`;
}
