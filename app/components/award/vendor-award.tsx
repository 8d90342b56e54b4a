// The award on a vendor's RFP page: the winner sees its award and contract schedule; every other
// bidder is told it was not selected and where its debrief is. Nothing of any other bidder.
import { Link } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import type { AwardStatus, ContractSchedule } from "~/domain/award/types";
import { ContractScheduleView } from "./contract-schedule";

type Dated = string | Date;
export type VendorAwardData =
  | { kind: "winner"; status: AwardStatus; approvedAt: Dated; standstillEndsAt: Dated | null; concludedAt: Dated | null; schedule: ContractSchedule }
  | { kind: "not-selected"; status: AwardStatus; approvedAt: Dated; standstillEndsAt: Dated | null; concludedAt: Dated | null };

function Timing({ award }: { award: VendorAwardData }) {
  return award.concludedAt ? (
    <p>The award was concluded <LocalTime value={award.concludedAt} />.</p>
  ) : (
    <p>The decision was approved <LocalTime value={award.approvedAt} />. It is provisional during the standstill period, which ends <LocalTime value={award.standstillEndsAt} />.</p>
  );
}

export function VendorAwardSection({ award }: { award: VendorAwardData }) {
  if (award.kind === "winner") {
    return (
      <section className="panel award-result award-result--won" aria-labelledby="award-result-title">
        <h2 id="award-result-title">Your bid is selected</h2>
        <Timing award={award} />
        <ContractScheduleView schedule={award.schedule} />
      </section>
    );
  }
  return (
    <section className="panel award-result" aria-labelledby="award-result-title">
      <h2 id="award-result-title">Award decision: your bid was not selected</h2>
      <Timing award={award} />
      <p><Link to="debrief" className="button">Read your debrief</Link></p>
    </section>
  );
}
