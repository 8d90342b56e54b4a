// Demo bids for the playbook's field-services RFP: each demo vendor submits a MESO through
// the services (so the audit trail and receipts are real). Skipped for a vendor that already
// has a submitted version, so seeding twice changes nothing. Each vendor reads the RFP first,
// as a vendor does before bidding: the buyer's vendors tab shows when it was opened.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { bidContentSchema, type BidContent } from "../../domain/bids/content";
import { fieldServicesBundle, sampleFieldServicesBid } from "../../domain/bids/sample";
import { getRfpForVendor } from "../rfps/read-vendor.server";
import { getBidWorkspace, saveBidDraft, submitBid, type BidActor } from "./index.server";

/** Civic Crew trades price for time: 48 months and seasonal scheduling buy a lower fee. */
function civicCrewBid(): BidContent {
  const bid = sampleFieldServicesBid(0.97);
  const common = { responseHours: 5, localHiringPct: 45, staffingPlan: "Co-operative crews drawn from the district, winter crews reassigned to gritting.", complaintDays: 3, creditPercent: 6, holdbackPercent: 7 };
  bid.bundles[0] = fieldServicesBundle({ ...common, slotId: "cost", monthlyFeeMinor: 7_150_000, mobilisationFeeMinor: 2_500_000, termMonths: 48, rolloutWeeks: 12, scheduling: "seasonal" });
  return bid;
}

/** Greenway is local and quick but dearer; Metro is the cheapest with the slowest rollout. */
function greenwayBid(): BidContent {
  const bid = sampleFieldServicesBid(1.04);
  for (const b of bid.bundles) {
    b.values.localHiringPct = 60;
    b.values.responseHours = 4;
  }
  return bid;
}
function metroBid(): BidContent {
  const bid = sampleFieldServicesBid(0.93);
  for (const b of bid.bundles) {
    b.values.rolloutWeeks = 16;
    b.values.localHiringPct = 10;
  }
  return bid;
}

const DEMO_BIDS: Record<string, () => BidContent> = {
  "vendor1@demo.pareto": () => sampleFieldServicesBid(1),
  "vendor2@demo.pareto": civicCrewBid,
  "vendor3@demo.pareto": () => sampleFieldServicesBid(1.08),
  "vendor4@demo.pareto": greenwayBid,
  "vendor5@demo.pareto": metroBid,
};

export async function seedDemoBids(db: Kysely<Database>, rfpId: string, vendorOf: (email: string) => Promise<BidActor>, emails: readonly string[] = Object.keys(DEMO_BIDS)): Promise<number> {
  let submitted = 0;
  for (const email of emails) {
    const makeBid = DEMO_BIDS[email];
    if (!makeBid) continue;
    const vendor = await vendorOf(email);
    await getRfpForVendor(db, rfpId, vendor);
    const workspace = await getBidWorkspace(db, rfpId, vendor);
    if (workspace.versions.length > 0 || workspace.deadlinePassed) continue;
    await saveBidDraft(db, rfpId, { expectedVersion: workspace.draft.version, draft: bidContentSchema.parse(makeBid()) }, vendor);
    await submitBid(db, rfpId, { idempotencyKey: `demo-seed:${rfpId}` }, vendor);
    submitted += 1;
  }
  return submitted;
}
