// Complete field-services bids (the "field-services" RFP template's term sheet) for the demo
// seed, the tests and the submission benchmark: three MESO bundles, each with six SLAs whose
// remedies are automatic service credits with caps and a holdback with a release condition.
import type { BidContent } from "./content";

export interface FieldServicesOffer {
  slotId: string;
  monthlyFeeMinor: number;
  mobilisationFeeMinor: number;
  termMonths: number;
  rolloutWeeks: number;
  responseHours: number;
  localHiringPct: number;
  scheduling: "seasonal" | "fixed";
  staffingPlan: string;
  /** Days to resolve a citizen complaint (monthly average) and the credit per breach. */
  complaintDays: number;
  creditPercent: number;
  holdbackPercent: number;
}

function sla(id: string, metric: string, unit: string, direction: "higher_is_better" | "lower_is_better", target: number, offer: FieldServicesOffer, holdback: boolean) {
  const remedies: BidContent["bundles"][number]["clauses"]["slas"][number]["remedies"] = [
    { kind: "service_credit", id: `${id}-credit`, automatic: true, amount: { type: "fixed", percent: offer.creditPercent }, capPercentOfPeriodFee: 15 },
  ];
  if (holdback) {
    remedies.push({
      kind: "holdback",
      id: `${id}-holdback`,
      percentOfFees: offer.holdbackPercent,
      releaseCondition: "Complaint SLA met for 3 consecutive months",
      releaseAfterPeriod: 3,
    });
  }
  return { id, metric, unit, direction, target, window: "month" as const, verificationSource: "city 311 CRM", remedies };
}

export function fieldServicesBundle(offer: FieldServicesOffer): BidContent["bundles"][number] {
  return {
    slotId: offer.slotId,
    values: {
      monthlyFee: offer.monthlyFeeMinor,
      mobilisationFee: offer.mobilisationFeeMinor,
      termMonths: offer.termMonths,
      rolloutWeeks: offer.rolloutWeeks,
      responseHours: offer.responseHours,
      localHiringPct: offer.localHiringPct,
      scheduling: offer.scheduling,
      staffingPlan: offer.staffingPlan,
    },
    clauses: {
      slas: [
        sla("complaints-resolution", "complaint resolution time", "days", "lower_is_better", offer.complaintDays, offer, true),
        sla("complaints-count", "citizen complaints", "complaints", "lower_is_better", 30, offer, false),
        sla("emergency", "emergency response time", "hours", "lower_is_better", offer.responseHours, offer, false),
        sla("missed-collections", "missed collections", "per 10,000", "lower_is_better", 5, offer, false),
        sla("crew-attendance", "crew attendance", "%", "higher_is_better", 98, offer, false),
        sla("graffiti", "graffiti removal time", "hours", "lower_is_better", 48, offer, false),
      ],
      contingentClauses: [],
      contractTerms: {
        autoRenewal: false,
        renewalNoticeDays: null,
        terminationRight: true,
        transitionAssistance: { months: 6, scope: "Handover of routes, data and equipment lists to the next provider" },
        creditCapPercentOfTotalFees: 10,
      },
    },
  };
}

/** One vendor's MESO: base prices scaled by `priceFactor`; B trades price for a longer term. */
export function sampleFieldServicesBid(priceFactor = 1): BidContent {
  const fee = (minor: number) => Math.round(minor * priceFactor);
  const common = { responseHours: 6, localHiringPct: 30, staffingPlan: "Two crews per district, one standby crew city-wide.", complaintDays: 4, creditPercent: 5, holdbackPercent: 5 };
  return {
    bundles: [
      fieldServicesBundle({ ...common, slotId: "cost", monthlyFeeMinor: fee(8_200_000), mobilisationFeeMinor: fee(4_000_000), termMonths: 36, rolloutWeeks: 10, scheduling: "fixed" }),
      fieldServicesBundle({ ...common, slotId: "reliability", monthlyFeeMinor: fee(7_600_000), mobilisationFeeMinor: fee(3_000_000), termMonths: 48, rolloutWeeks: 12, scheduling: "seasonal" }),
      fieldServicesBundle({ ...common, slotId: "balanced", monthlyFeeMinor: fee(8_900_000), mobilisationFeeMinor: fee(5_000_000), termMonths: 36, rolloutWeeks: 8, responseHours: 4, scheduling: "fixed", creditPercent: 8 }),
    ],
  };
}
