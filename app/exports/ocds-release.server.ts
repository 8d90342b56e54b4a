// The OCDS 1.1.5 release package with the bids extension (issue #14, item 4), from the same
// snapshot as the rest of the pack: the tender (the term sheet as items, the criteria as award
// criteria, the dates), the parties, bid statistics, and — once the award is approved — each
// bundle as a bid with its evaluated price and place, and the award itself. Never confidential
// figures: the pack holds none (no reservation price, no BATNA), and no tender value is
// published because the only estimate Pareto has is the buyer's confidential reservation price.
import type { AwardPackData } from "../domain/award/pack";
import { formatNumber } from "../domain/evaluation/format";
import { fileText } from "./pack-text";

/** The OCID prefix of this publisher (https://standard.open-contracting.org/1.1/en/schema/identifiers/). */
export const OCID_PREFIX = "ocds-pareto";
export const BIDS_EXTENSION_URL = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json";

type Json = Record<string, unknown>;

const AWARD_STATUS = { proposed: "pending", standstill: "active", concluded: "active", cancelled: "cancelled" } as const;

export function ocidOf(rfpId: string): string {
  return `${OCID_PREFIX}-${rfpId}`;
}

export function buildOcdsReleasePackage(pack: AwardPackData): Json {
  const ocid = ocidOf(pack.rfp.id);
  const { currency, minorUnitsPerMajor } = pack.rfp;
  const value = (minor: number) => ({ amount: minor / minorUnitsPerMajor, currency });
  const award = pack.award && pack.award.status !== "cancelled" ? pack.award : null;
  // Bid details and bid values are published only after the award is approved (standstill or concluded).
  const disclosed = award !== null && (award.status === "standstill" || award.status === "concluded");
  const buyerId = `buyer-${pack.rfp.id}`;
  const vendors = [...new Map(pack.bundles.map((b) => [b.vendorId, b.vendorName])).entries()];
  const opening = pack.opening;
  const validVendors = new Set(pack.bundles.filter((b) => b.passesGates).map((b) => b.vendorId));
  const bestOf = new Map<string, number>();
  for (const b of pack.bundles) if (b.passesGates && (!bestOf.has(b.vendorId) || b.evaluatedPriceMinor < bestOf.get(b.vendorId)!)) bestOf.set(b.vendorId, b.evaluatedPriceMinor);
  const bidId = (vendorId: string, slotId: string) => `${vendorId}-${slotId}`;
  const statDate = opening?.openedAt ?? undefined;

  const statistics: Json[] = [
    { id: "bids", measure: "bids", value: pack.bundles.length, ...(statDate ? { date: statDate } : {}), notes: "Every bundle of every admitted bid counts as one bid (each vendor offers up to three bundles at once)." },
    { id: "validBids", measure: "validBids", value: pack.bundles.filter((b) => b.passesGates).length, notes: "Bundles that pass every gate." },
    { id: "disqualifiedBids", measure: "disqualifiedBids", value: pack.bundles.filter((b) => !b.passesGates).length, notes: "Bundles that fail a gate." },
    { id: "bidders", measure: "bidders", value: vendors.length },
    { id: "qualifiedBidders", measure: "qualifiedBidders", value: validVendors.size, notes: "Bidders with at least one bundle that passes every gate." },
  ];
  if (disclosed && bestOf.size > 0) {
    const prices = [...bestOf.values()];
    statistics.push(
      { id: "lowestValidBidValue", measure: "lowestValidBidValue", value: Math.min(...prices) / minorUnitsPerMajor, currency, notes: "Evaluated price of the cheapest bundle that passes every gate." },
      { id: "highestValidBidValue", measure: "highestValidBidValue", value: Math.max(...prices) / minorUnitsPerMajor, currency, notes: "Highest of the bidders' cheapest valid bundles (evaluated price)." },
    );
  }
  const receivedAt = new Map((opening?.rows ?? []).map((r) => [r.vendorOrganisationId, r.receivedAt]));
  const bids: Json = { statistics };
  if (disclosed) {
    bids.details = pack.bundles.map((b) => ({
      id: bidId(b.vendorId, b.slotId),
      ...(receivedAt.get(b.vendorId) ? { date: receivedAt.get(b.vendorId) } : {}),
      description: fileText(`${b.slotName} bundle: ${formatNumber(b.total, 2)} of 100 points`),
      status: b.passesGates ? "valid" : "disqualified",
      tenderers: [{ id: b.vendorId, name: fileText(b.vendorName) }],
      value: value(b.evaluatedPriceMinor),
      hasRank: b.rank !== null,
      ...(b.rank !== null ? { rank: b.rank } : {}),
    }));
  }

  const release: Json = {
    ocid,
    id: `${ocid}-${award ? "award" : "tender"}-${pack.snapshot.id}`,
    date: pack.generatedAt,
    tag: [award ? "award" : "tender"],
    initiationType: "tender",
    language: "en",
    parties: [
      { id: buyerId, name: fileText(pack.rfp.buyerName), roles: ["buyer", "procuringEntity"] },
      ...vendors.map(([id, name]) => ({ id, name: fileText(name), roles: award && award.vendorOrganisationId === id ? ["tenderer", "supplier"] : ["tenderer"] })),
    ],
    buyer: { id: buyerId, name: fileText(pack.rfp.buyerName) },
    tender: {
      id: pack.rfp.reference || pack.rfp.id,
      title: fileText(pack.rfp.title),
      ...(pack.rfp.summary ? { description: fileText(pack.rfp.summary) } : {}),
      status: disclosed ? "complete" : "active",
      procuringEntity: { id: buyerId, name: fileText(pack.rfp.buyerName) },
      items: pack.rfp.issues.map((i) => ({ id: i.id, description: fileText(i.unit ? `${i.name} (${i.unit})` : i.name) })),
      procurementMethod: "open",
      awardCriteria: "ratedCriteria",
      awardCriteriaDetails: fileText(pack.criteria.map((c) => `${c.name} (weight ${formatNumber(c.weight, 2)}): ${c.method}`).join(" ")),
      submissionMethod: ["electronicSubmission"],
      ...(pack.rfp.bidsCloseAt ? { tenderPeriod: { ...(pack.rfp.publishedAt ? { startDate: pack.rfp.publishedAt } : {}), endDate: pack.rfp.bidsCloseAt } } : {}),
      ...(opening ? { awardPeriod: { startDate: opening.openedAt, ...(award?.approvedAt ? { endDate: award.approvedAt } : {}) } } : {}),
      numberOfTenderers: vendors.length,
      tenderers: vendors.map(([id, name]) => ({ id, name: fileText(name) })),
    },
    bids,
  };
  if (award) {
    release.awards = [
      {
        id: award.id,
        title: fileText(`${award.vendorName} — ${award.slotName}`),
        description: fileText(award.rationale),
        status: AWARD_STATUS[award.status],
        date: award.approvedAt ?? award.proposedAt,
        value: value(award.evaluatedPriceMinor),
        suppliers: [{ id: award.vendorOrganisationId, name: fileText(award.vendorName) }],
        relatedBids: [bidId(award.vendorOrganisationId, award.slotId)],
      },
    ];
  }
  return {
    uri: `urn:pareto:rfp:${pack.rfp.id}:snapshot:${pack.snapshot.id}:ocds`,
    version: "1.1",
    extensions: [BIDS_EXTENSION_URL],
    publishedDate: pack.generatedAt,
    publisher: { name: fileText(pack.rfp.buyerName) },
    releases: [release],
  };
}

export function ocdsJson(pack: AwardPackData): string {
  return `${JSON.stringify(buildOcdsReleasePackage(pack), null, 2)}\n`;
}
