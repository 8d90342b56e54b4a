// The buyer side's badge of an RFP (dashboard, RFP list, the RFP's header): one rule, rfpBadge,
// so a proposed award reads "Award proposed" everywhere rather than "Bids opened" in one place.
import { rfpBadge, type RfpState } from "~/domain/rfp/state";

export function RfpStateBadge({ state, awardProposed }: { state: RfpState; awardProposed: boolean }) {
  const badge = rfpBadge(state, awardProposed);
  return <span className={`badge badge--${badge.tone}`}>{badge.label}</span>;
}
