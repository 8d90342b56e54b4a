// The BAFO round and the concession log as plain data (issue #13), read by the BAFO pages, the
// award pack (issue #14) and its workbook's "Concession log" sheet.

/** One line of the playbook's concession log: Item | You give | You get | Value to you / them | Trigger. */
export interface ConcessionLine {
  /** Stable key of the line (round, bundle and issue), for the buyer's annotation. */
  key: string;
  round: number;
  /** The issue or clause traded ("Contract term", "Monthly fee", "Service credit on uptime"). */
  item: string;
  /** What the buyer gives (e.g. "a contract term of 48 months instead of 36 months"), or "" when the buyer gives nothing. */
  youGive: string;
  /** What the buyer gets (e.g. "a monthly fee of EUR 9,200.00 instead of EUR 10,350.00"), or "" when nothing. */
  youGet: string;
  /** Value to the buyer in points of the total (positive = better for the buyer); null when not measurable. */
  valueToBuyerPoints: number | null;
  /** Cost to the vendor in minor units of the RFP currency, from its revealed trade-offs; null when unknown. */
  costToVendorMinor: number | null;
  /** How the cost was estimated ("exact pairwise", "rough estimate") or "". */
  costMethod: string;
  /**
   * Set when the cost rests on a trade-off group: issues or SLA targets that moved in lockstep
   * across the vendor's bundles, so the bids do not separate them and each one's estimate is
   * their joint value. The group's members changed in this bundle share one cost, counted
   * once: on the first of their lines (`costToVendorMinor`), null on the others.
   */
  costGroup: ConcessionCostGroup | null;
  /** The trigger or contingency attached ("if the term is 48 months"), or "". */
  trigger: string;
  /** The conditional ask this line answers, if any ("if we …, could you …"). */
  askId: string | null;
  /** A one-way concession, which the playbook warns against. */
  oneWay: null | "vendor-gives-unasked" | "buyer-gives-for-nothing" | "ask-not-met";
  annotation: string;
}

export interface ConcessionCostGroup {
  /** The group's members this bundle changed, in line order (their trade-off labels: "Contract term", "Scheduling"). */
  items: string[];
  /** Members that moved with them across the vendor's bundles but not in this change. */
  alsoMovedWith: string[];
  /** Their joint cost to the vendor (minor units; negative: worth that to it), counted once; null when the change moves them apart. */
  jointCostMinor: number | null;
  /** Whether this is the first of the group's lines, the one whose `costToVendorMinor` is the joint cost. */
  first: boolean;
}

export interface VendorConcessionLog {
  vendorOrganisationId: string;
  vendorName: string;
  lines: ConcessionLine[];
}
