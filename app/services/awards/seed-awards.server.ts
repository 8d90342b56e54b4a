// Demo awards, through the same services people use (audit trail, outbox):
// - RIV-2026-017 (field services, BAFO round 2 evaluated): the buyer Dana Okafor proposes the
//   award of the top-ranked bundle; it waits for a second person (admin@demo.pareto approves).
// - RIV-2026-012 (playground inspection and repair crews, new): three bids, opened, scored, the
//   scores locked by the buyer and evaluated again on them (the demo's locked evaluation), the top
//   bundle proposed by the buyer and approved by the administrator Priya Raman: the standstill
//   runs for the RFP's standstill days from the moment of seeding. Every bidder has its notice;
//   the losers read their debriefs, the winner its contract schedule.
// Idempotent: an RFP that already has an award is left alone.
import type { Kysely } from "kysely";
import { findLatestCancelledAward, findLiveAward } from "../../../db/queries/awards";
import { closeBidsNow } from "../../../db/queries/demo";
import type { Database } from "../../../db/schema";
import { DomainError } from "../../domain/errors";
import { seedDemoBids } from "../bids/seed-bids.server";
import { lockScores } from "../evaluation/consensus.server";
import { seedDemoEvaluation } from "../evaluation/seed-evaluation.server";
import { runEvaluation } from "../evaluation/snapshots.server";
import type { RfpActor } from "../rfps/access.server";
import { awardRound } from "./access.server";
import { approveAward } from "./approve.server";
import { findTopBundle, proposeAward } from "./propose.server";
import { findRfp } from "../../../db/queries/rfps";

type ActorOf = (email: string) => Promise<RfpActor>;
type PublishDemoRfp = (spec: { reference: string; title: string; vendors: readonly string[] }) => Promise<{ id: string; created: boolean }>;

export const DEMO_AWARD_REFERENCES = { proposed: "RIV-2026-017", awarded: "RIV-2026-012" } as const;
// Three bidders keep the seed fast (npm start from fresh): one winner, two debriefs.
const BIDDERS = ["vendor1@demo.pareto", "vendor2@demo.pareto", "vendor3@demo.pareto"] as const;

/** The buyer proposes the top-ranked bundle of the RFP's award basis; false when it cannot (yet). */
async function proposeTopBundle(db: Kysely<Database>, rfpId: string, buyer: RfpActor, rationale: string): Promise<boolean> {
  if ((await findLiveAward(db, rfpId)) || (await findLatestCancelledAward(db, rfpId))) return false;
  const rfp = (await findRfp(db, rfpId))!;
  let basis;
  try {
    basis = await awardRound(db, rfp);
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
  const top = await findTopBundle(db, basis.snapshot.id);
  if (!top) return false;
  await proposeAward(db, rfpId, { bundle: `${top.vendorId}/${top.slotId}`, rationale: rationale.replace("{bundle}", `${top.vendorName} — ${top.slotName}`) }, buyer);
  return true;
}

export async function seedDemoAwards(db: Kysely<Database>, fieldServicesId: string, publish: PublishDemoRfp, actorOf: ActorOf): Promise<void> {
  const buyer = await actorOf("buyer@demo.pareto");
  await proposeTopBundle(
    db,
    fieldServicesId,
    buyer,
    "{bundle} ranks first after the BAFO round and passes every gate: the lower monthly fee for a 48-month term with seasonal scheduling gives the best price–quality balance, with service credits and a holdback that protect the city.",
  );

  const awarded = await publish({ reference: DEMO_AWARD_REFERENCES.awarded, title: "Playground inspection and repair crews (City of Riverton)", vendors: BIDDERS });
  if (!awarded.created) return;
  await seedDemoBids(db, awarded.id, actorOf, BIDDERS);
  await closeBidsNow(db, awarded.id);
  await seedDemoEvaluation(db, awarded.id, actorOf);
  // Before the award the chair locks the scores and runs the evaluation on them: the award rests
  // on a locked run, and the draft run before it stays in the history.
  await lockScores(db, awarded.id, buyer);
  await runEvaluation(db, awarded.id, buyer);
  if (await proposeTopBundle(db, awarded.id, buyer, "{bundle} ranks first and passes every gate; its SLAs carry automatic, capped service credits.")) {
    await approveAward(db, awarded.id, await actorOf("admin@demo.pareto"));
  }
}
