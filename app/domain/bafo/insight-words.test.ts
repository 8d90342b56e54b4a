// The MESO insight in words: a trade-off per step and per month, labelled by method; the
// verdict and break-even a viewer may see (no BATNA, no reservation price, no hidden vendor).
import { describe, expect, it } from "vitest";
import type { CounterPackage, VendorMesoInsight } from "../evaluation/meso-insight";
import type { TradeOff, TradeOffGroup } from "../evaluation/tradeoffs";
import {
  bidValueWords,
  CONCESSION_FLAG_LABELS,
  conditionalAskWords,
  costGroupWords,
  describeInsight,
  describeTradeOff,
  issueValue,
  issueValueWords,
  signedMoney,
  valueWithUnit,
  type InsightTerms,
} from "./insight-words";

const terms: InsightTerms = {
  vendorName: "Civic Crew",
  currency: "EUR",
  minorUnitsPerMajor: 100,
  issues: [
    { id: "monthlyFee", name: "Monthly fee", kind: "money" },
    { id: "termMonths", name: "Contract term", kind: "number", unit: "months" },
    { id: "rolloutWeeks", name: "Rollout", kind: "number", unit: "weeks" },
    { id: "scheduling", name: "Scheduling", kind: "choice", options: [{ id: "seasonal", label: "seasonal flexibility" }, { id: "fixed", label: "fixed rota" }] },
  ],
  slots: [{ id: "cost", name: "Cost" }, { id: "balanced", name: "Balanced" }],
  evaluatedPriceTerms: [{ issueId: "monthlyFee", coefficient: 36 }],
  visibleVendorNames: new Map([["rival", "Rival Ltd"]]),
  seesConfidential: true,
};

const tradeOff = (over: Partial<TradeOff>): TradeOff => ({
  variable: { kind: "issue", issueId: "termMonths", issueIndex: 1 },
  label: "Contract term",
  unit: "months",
  pricePerUnitMinor: -115_000,
  method: "pairwise-difference",
  basis: ["cost", "balanced"],
  confoundedBy: [],
  explanation: "Cost → Balanced: …",
  ...over,
});

describe("MESO insight in words", () => {
  it("says what 12 more months cost a month, and which way the price moves, labelled exact pairwise", () => {
    // −1,150.00 per month of term × 12 = −13,800.00 of evaluated price, over 36 months of fees = −383.33 a month.
    const w = describeTradeOff(tradeOff({}), terms);
    expect(w).toMatchObject({ method: "exact pairwise", label: "Contract term" });
    expect(w.sentence).toBe("Every 12 months added to the contract term saves you EUR 383.33 a month (EUR 13,800.00 over the evaluated price): Civic Crew's price falls as the contract term grows.");
  });

  it("reads one week as a week, a rise as a rise, and falls back to the evaluated price without one monthly fee", () => {
    const w = describeTradeOff(tradeOff({ variable: { kind: "issue", issueId: "rolloutWeeks", issueIndex: 2 }, label: "Rollout", unit: "weeks", pricePerUnitMinor: 72_000, method: "least-squares" }), { ...terms, evaluatedPriceTerms: [{ issueId: "monthlyFee", coefficient: 1 }] });
    expect(w.method).toBe("rough estimate");
    expect(w.sentence).toBe("Every week added to the rollout costs you EUR 720.00 in evaluated price: Civic Crew's price rises as the rollout grows.");
  });

  it("names the two options of a choice", () => {
    const w = describeTradeOff(tradeOff({ variable: { kind: "issue", issueId: "scheduling", issueIndex: 3 }, label: "Scheduling", unit: "step", pricePerUnitMinor: 360_000 }), terms);
    expect(w.sentence).toBe("Choosing fixed rota instead of seasonal flexibility for scheduling costs you EUR 100.00 a month (EUR 3,600.00 over the evaluated price): Civic Crew's price rises as scheduling moves towards fixed rota.");
  });

  it("says a step in a unit that is a phrase, a bare percentage, an SLA target's own unit, and a plural name as English reads them", () => {
    const more: InsightTerms = {
      ...terms,
      issues: [...terms.issues, { id: "localHiringPct", name: "Local hiring", kind: "number", unit: "% of crew" }, { id: "paymentDays", name: "Payment terms", kind: "number", unit: "days" }, { id: "uptimePct", name: "SLA uptime", kind: "number", unit: "%" }],
      slas: [{ metric: "Emergency response time", unit: "hours" }],
    };
    // Civic Crew on RIV-2026-017: −EUR 21,380.00 of evaluated price per point of local hiring, 36 months of fees.
    const explanation = "least-squares slope of evaluated price on Local hiring over 3 bundles ⇒ −EUR 21,380.00 per +1 % of crew; rough, because Rollout changed at the same time";
    const hiring = describeTradeOff(tradeOff({ variable: { kind: "issue", issueId: "localHiringPct", issueIndex: 4 }, label: "Local hiring", unit: "% of crew", pricePerUnitMinor: -2_138_000, explanation }), more);
    expect(hiring.sentence).toBe("Every 1% of crew added to local hiring saves you EUR 593.89 a month (EUR 21,380.00 over the evaluated price): Civic Crew's price falls as local hiring grows.");
    // The engine's explanation stays as stored but for its rate, said per one unit as the sentence says it.
    expect(hiring.detail).toBe("least-squares slope of evaluated price on Local hiring over 3 bundles ⇒ −EUR 21,380.00 per 1% of crew; rough, because Rollout changed at the same time");
    expect(describeTradeOff(tradeOff({ explanation: "Cost → Balanced: … ⇒ −EUR 1,150.00 per +1 months" }), terms).detail).toBe("Cost → Balanced: … ⇒ −EUR 1,150.00 per month");
    const uptime = describeTradeOff(tradeOff({ variable: { kind: "issue", issueId: "uptimePct", issueIndex: 6 }, label: "SLA uptime", unit: "%", pricePerUnitMinor: 360_000 }), more);
    expect(uptime.sentence).toBe("Every percentage point added to the SLA uptime costs you EUR 100.00 a month (EUR 3,600.00 over the evaluated price): Civic Crew's price rises as the SLA uptime grows.");
    const days = describeTradeOff(tradeOff({ variable: { kind: "issue", issueId: "paymentDays", issueIndex: 5 }, label: "Payment terms", unit: "days", pricePerUnitMinor: 0 }), more);
    expect(days.sentence).toBe("Every day added to the payment terms costs you nothing: Civic Crew's price does not move as the payment terms grow.");
    const sla = tradeOff({ variable: { kind: "sla", metric: "emergency response time" }, label: "emergency response time SLA target", unit: "SLA point", pricePerUnitMinor: -23_668_000, explanation: "… ⇒ −EUR 236,680.00 per +1 SLA point" });
    expect(describeTradeOff(sla, more).detail).toBe("… ⇒ −EUR 236,680.00 per hour");
    expect(describeTradeOff(sla, terms).detail).toBe("… ⇒ −EUR 236,680.00 per SLA point");
    expect(describeTradeOff(sla, more).sentence).toBe(
      "Every hour added to the emergency response time SLA target saves you EUR 6,574.44 a month (EUR 236,680.00 over the evaluated price): Civic Crew's price falls as the emergency response time SLA target grows.",
    );
    // An SLA the RFP gives no unit for moves by points.
    expect(describeTradeOff(sla, terms).sentence).toMatch(/^Every point added to the emergency response time SLA target saves you /);
  });

  it("writes money with a true minus sign", () => {
    expect(signedMoney(-115_000, "EUR", 100)).toBe("EUR −1,150.00");
    expect(signedMoney(115_000, "EUR", 100)).toBe("EUR 1,150.00");
  });

  const suggestion = (over: Partial<CounterPackage>): CounterPackage => ({
    baseSlotId: "balanced",
    changes: [{ issueId: "termMonths", fromSlotId: "cost", value: 48, valueLabel: "48 months", revealedPriceMinor: -1_380_000 }],
    values: {},
    evaluatedPriceMinor: 300_000_000,
    baseTotal: 80,
    total: 83,
    gain: 3,
    competitor: { vendorId: "rival", slotId: "cost", total: 82 },
    breakEven: { kind: "price", priceMinor: 310_000_000 },
    revealedPriceMinor: -1_380_000,
    revealedPriceMethod: "least-squares",
    likelyAskMinor: 298_620_000,
    zoneOfAgreement: "unlikely",
    ask: "If we choose your Balanced bundle, could you include Contract term 48 months (as in your Cost bundle) at the same price (EUR 3,000,000.00 evaluated)?",
    ...over,
  });
  const insight = (s: CounterPackage): VendorMesoInsight => ({ vendorId: "civic", dominated: [{ slotId: "cost", dominatedBySlotId: "balanced" }], tradeOffs: [], suggestions: [s] });

  it("gives the buyer the engine's verdict (it weighs the reservation price) and the break-even against the named competitor", () => {
    const [s] = describeInsight(insight(suggestion({})), terms).suggestions;
    expect(s).toMatchObject({ index: 0, verdict: "unlikely", breakEven: "It still beats Rival Ltd — Cost (82 points) up to EUR 3,100,000.00 evaluated." });
    expect(s!.packageWords).toBe("The Balanced bundle with a contract term of 48 months (as in the Cost bundle), at EUR 3,000,000.00 evaluated");
    // The engine's ask glues name and value; the page says it as a sentence.
    expect(s!.ask).toBe("If we choose your Balanced bundle, could you include a contract term of 48 months (as in your Cost bundle) at the same price (EUR 3,000,000.00 evaluated)?");
    expect(s!.revealedPrice).toBe("EUR −13,800.00 for the changes (rough estimate), so it would likely ask EUR 2,986,200.00 evaluated.");
    expect(describeInsight(insight(suggestion({})), terms).dominated).toEqual([
      "The Cost bundle is dominated by the Balanced bundle, which scores at least as well on every criterion, costs no more, and is better on at least one of the two.",
    ]);
  });

  it("says a package no price lifts past the competitor as behind it, never as beating it \"at no price\"", () => {
    // Atlas on RIV-2026-018: the bundle goes from 77.74 to 79.74 and can never reach Civic Crew's 84.79.
    const behind = suggestion({ baseTotal: 77.74, total: 79.74, gain: 2, competitor: { vendorId: "rival", slotId: "balanced", total: 84.79 }, breakEven: { kind: "unreachable" } });
    const [s] = describeInsight(insight(behind), terms).suggestions;
    expect(s!.breakEven).toBe("No price makes it overtake Rival Ltd — Balanced (84.79 points): even at the lowest price it stays behind.");
    expect(s!.breakEven).not.toMatch(/beats/);
    const batna = describeInsight(insight({ ...behind, competitor: { batna: true, total: 81 } }), terms).suggestions[0]!;
    expect(batna.breakEven).toBe("No price makes it overtake your BATNA (81 points): even at the lowest price it stays behind.");
    expect(describeInsight(insight(suggestion({ breakEven: { kind: "any-price" } })), terms).suggestions[0]!.breakEven).toBe("It still beats Rival Ltd — Cost (82 points) at any price.");
  });

  it("says each asked value by its issue's kind, not glued to the issue's name", () => {
    const money = { currency: "EUR", minorUnitsPerMajor: 100 };
    const hiring = { id: "localHiringPct", name: "Local hiring", kind: "number", unit: "% of crew" };
    expect(issueValueWords({ id: "termMonths", name: "Contract term", kind: "number", unit: "months" }, 48, "48 months", money)).toBe("a contract term of 48 months");
    expect(issueValueWords({ id: "responseHours", name: "Emergency response", kind: "number", unit: "hours" }, 4, "4 hours", money)).toBe("an emergency response of 4 hours");
    expect(issueValueWords(hiring, 45, "45 % of crew", money)).toBe("local hiring of 45% of crew");
    expect(issueValueWords({ id: "scheduling", name: "Scheduling", kind: "choice" }, "fixed", "fixed year-round rota", money)).toBe("scheduling: fixed year-round rota");
    expect(issueValueWords({ id: "monthlyFee", name: "Monthly fee", kind: "money" }, 1_150_000, "1150000", money)).toBe("a monthly fee of EUR 11,500.00");
    expect(issueValueWords({ id: "uptime", name: "SLA uptime", kind: "number", unit: "%" }, 99.9, "99.9 %", money)).toBe("an SLA uptime of 99.9%");
    expect(issueValueWords({ id: "paymentDays", name: "Payment terms", kind: "number", unit: "days" }, 30, "30 days", money)).toBe("payment terms of 30 days");
    expect(valueWithUnit(48, "months")).toBe("48 months");
    // The value alone, and a value as bid (a choice by its option's label, a missing one as none), as the concession log says them.
    const scheduling = terms.issues[3]!;
    expect(issueValue(hiring, 30, money)).toBe("30% of crew");
    expect(issueValue(scheduling, "fixed", money)).toBe("fixed rota");
    expect(issueValue({ id: "plan", name: "Staffing plan", kind: "text" }, "x".repeat(130), money)).toBe(`“${"x".repeat(119)}…”`);
    expect(bidValueWords(scheduling, "seasonal", money)).toBe("scheduling: seasonal flexibility");
    expect(bidValueWords(hiring, 30, money)).toBe("local hiring of 30% of crew");
    expect(bidValueWords(terms.issues[2]!, undefined, money)).toBe("no rollout");

    // The engine's two-part ask, as the BAFO page offers it.
    const ask =
      "If we accept Contract term 48 months (as in your Cost bundle), could you include Scheduling fixed year-round rota (as in your Balanced bundle) and Local hiring 45 % of crew (as in your Reliable bundle) at your Balanced bundle's price (EUR 3,000,000.00 evaluated)?";
    const changes = [
      { issueId: "termMonths", fromSlotId: "cost", value: 48, valueLabel: "48 months", revealedPriceMinor: -1_380_000 },
      { issueId: "scheduling", fromSlotId: "balanced", value: "fixed", valueLabel: "fixed year-round rota", revealedPriceMinor: 360_000 },
      { issueId: "localHiringPct", fromSlotId: "reliable", value: 45, valueLabel: "45 % of crew", revealedPriceMinor: 0 },
    ];
    expect(conditionalAskWords({ ask, changes }, { ...money, issues: [...terms.issues, hiring] })).toBe(
      "If we accept a contract term of 48 months (as in your Cost bundle), could you include scheduling: fixed year-round rota (as in your Balanced bundle) and local hiring of 45% of crew " +
        "(as in your Reliable bundle) at your Balanced bundle's price (EUR 3,000,000.00 evaluated)?",
    );
    // An ask written otherwise (another engine's words) is left as it was.
    expect(conditionalAskWords({ ask: "If we accept 48 months, could you include seasonal scheduling?", changes }, { ...money, issues: terms.issues })).toBe("If we accept 48 months, could you include seasonal scheduling?");
  });

  it("calls a concession given for nothing one-way, and an ask the vendor did not meet only that", () => {
    expect(CONCESSION_FLAG_LABELS["ask-not-met"]).toBe("Ask not met");
    expect(CONCESSION_FLAG_LABELS["vendor-gives-unasked"]).toMatch(/^One-way: /);
    expect(CONCESSION_FLAG_LABELS["buyer-gives-for-nothing"]).toMatch(/^One-way: /);
  });

  it("gives an evaluator the verdict against the break-even only, and none where it rests on the BATNA or a hidden vendor", () => {
    const evaluator = { ...terms, seesConfidential: false };
    // Likely ask 2,986,200 ≤ break-even 3,100,000: likely, whatever the reservation price said.
    expect(describeInsight(insight(suggestion({})), evaluator).suggestions[0]).toMatchObject({ verdict: "likely", verdictWords: "Likely: the vendor's likely ask is within the break-even." });
    const batna = describeInsight(insight(suggestion({ competitor: { batna: true, total: 81 } })), evaluator).suggestions[0]!;
    expect(batna).toMatchObject({ verdict: null, breakEven: null });
    expect(JSON.stringify(batna)).not.toMatch(/BATNA|reservation/);
    const hidden = describeInsight(insight(suggestion({ competitor: { vendorId: "conflicted", slotId: "cost", total: 82 } })), evaluator).suggestions[0]!;
    expect(hidden).toMatchObject({ verdict: null, breakEven: null });
    // The buyer sees the BATNA as the one to beat.
    expect(describeInsight(insight(suggestion({ competitor: { batna: true, total: 81 } })), terms).suggestions[0]!.breakEven).toBe("It still beats your BATNA (81 points) up to EUR 3,100,000.00 evaluated.");
  });

  // Civic Crew's term and scheduling moved together: Balanced (36 months, fixed rota) against Cost
  // (48 months, seasonal flexibility); −EUR 515,370.00 of evaluated price from one to the other.
  const group: TradeOffGroup = {
    index: 0,
    members: [
      { variable: { kind: "issue", issueId: "termMonths", issueIndex: 1 }, label: "Contract term", from: 36, to: 48 },
      { variable: { kind: "issue", issueId: "scheduling", issueIndex: 3 }, label: "Scheduling", from: 1, to: 0 },
    ],
    fromSlotId: "balanced",
    toSlotId: "cost",
    jointPriceMinor: -51_537_000,
  };
  const term = tradeOff({ pricePerUnitMinor: -4_294_750, method: "least-squares", group });
  const scheduling = tradeOff({ variable: { kind: "issue", issueId: "scheduling", issueIndex: 3 }, label: "Scheduling", unit: "step", pricePerUnitMinor: 51_537_000, method: "least-squares", group });

  it("says once what issues that moved in lockstep are worth together, and on each of them that its figure is that joint value", () => {
    const words = describeInsight({ vendorId: "civic", dominated: [], tradeOffs: [term, scheduling], suggestions: [] }, terms);
    expect(words.groups).toEqual([
      "The contract term and scheduling moved in lockstep in every bundle, so the bids do not separate them: moving them together from the Balanced bundle's values " +
        "(a contract term of 36 months and scheduling: fixed rota) to the Cost bundle's (48 months and seasonal flexibility) saves you about EUR 14,315.83 a month " +
        "(EUR 515,370.00 over the evaluated price), a rough estimate. Each of their figures above is this one joint value: count it once, not once per issue.",
    ]);
    expect(words.tradeOffs.map((w) => w.group)).toEqual([
      "Moved in lockstep with scheduling in every bundle: this is what they are worth together, not the contract term alone; count it once.",
      "Moved in lockstep with the contract term in every bundle: this is what they are worth together, not scheduling alone; count it once.",
    ]);
    // A trade-off its bundles separate says nothing of a group.
    expect(describeTradeOff(tradeOff({}), terms).group).toBeNull();
    expect(describeInsight({ vendorId: "civic", dominated: [], tradeOffs: [tradeOff({})], suggestions: [] }, terms).groups).toEqual([]);
  });

  it("says a group's values with their units: a share of the crew and an SLA target in the RFP's unit", () => {
    // Civic Crew on RIV-2026-017: local hiring and the complaint resolution target moved together from Reliable (30%, 4 days) to Cost (45%, 3 days).
    const more: InsightTerms = { ...terms, issues: [...terms.issues, { id: "localHiringPct", name: "Local hiring", kind: "number", unit: "% of crew" }], slas: [{ metric: "complaint resolution time", unit: "days" }] };
    const hiringGroup: TradeOffGroup = {
      index: 1,
      members: [
        { variable: { kind: "issue", issueId: "localHiringPct", issueIndex: 4 }, label: "Local hiring", from: 30, to: 45 },
        { variable: { kind: "sla", metric: "complaint resolution time" }, label: "complaint resolution time SLA target", from: 4, to: 3 },
      ],
      fromSlotId: "balanced",
      toSlotId: "cost",
      jointPriceMinor: -10_776_000,
    };
    const hiring = tradeOff({ variable: { kind: "issue", issueId: "localHiringPct", issueIndex: 4 }, label: "Local hiring", unit: "% of crew", pricePerUnitMinor: -718_400, method: "least-squares", group: hiringGroup });
    const words = describeInsight({ vendorId: "civic", dominated: [], tradeOffs: [hiring], suggestions: [] }, more);
    expect(words.groups).toEqual([
      "Local hiring and the complaint resolution time SLA target moved in lockstep in every bundle, so the bids do not separate them: moving them together from the Balanced bundle's values " +
        "(local hiring of 30% of crew and a complaint resolution time SLA target of 4 days) to the Cost bundle's (45% of crew and 3 days) saves you about EUR 2,993.33 a month " +
        "(EUR 107,760.00 over the evaluated price), a rough estimate. Each of their figures above is this one joint value: count it once, not once per issue.",
    ]);
    expect(words.tradeOffs[0]!.group).toBe("Moved in lockstep with the complaint resolution time SLA target in every bundle: this is what they are worth together, not local hiring alone; count it once.");
  });

  it("says why a package that pulls such issues apart has no revealed price", () => {
    const [s] = describeInsight(insight(suggestion({ revealedPriceMinor: null, revealedPriceMethod: null, likelyAskMinor: null, zoneOfAgreement: "unknown", inseparable: ["Contract term", "Scheduling"] })), terms).suggestions;
    expect(s!.revealedPrice).toBe("Unknown: the contract term and scheduling moved in lockstep in every bundle, and this package moves them apart, which the bids cannot price.");
    expect(s!.verdictWords).toBe("Unknown: the vendor's price for the changes is not revealed.");
  });

  it("words a concession log line of a group: the joint value once, the others part of it", () => {
    const money = (m: number) => signedMoney(m, "EUR", 100);
    const first = { items: ["Contract term", "Scheduling"], alsoMovedWith: ["Rollout"], jointCostMinor: -51_537_000, first: true };
    expect(costGroupWords(first, money)).toBe("Contract term and Scheduling together: worth about EUR 515,370.00 to them; the bids do not separate them (nor from Rollout, which moved with them)");
    expect(costGroupWords({ ...first, alsoMovedWith: [], jointCostMinor: 60_000 }, money)).toBe("Contract term and Scheduling together: costs them about EUR 600.00; the bids do not separate them");
    expect(costGroupWords({ ...first, first: false }, money)).toBe("part of Contract term and Scheduling together, counted once on the Contract term line");
    expect(costGroupWords({ ...first, jointCostMinor: null }, money)).toBe(
      "Contract term and Scheduling together: cost unknown; the vendor's bundles only ever moved them together, and this change moves them apart",
    );
    expect(costGroupWords({ items: ["Contract term"], alsoMovedWith: ["Rollout", "Scheduling"], jointCostMinor: -51_537_000, first: true }, money)).toBe(
      "worth about EUR 515,370.00 to them: the joint value of Contract term with Rollout and Scheduling, which moved in lockstep with it in the vendor's bundles; the bids do not separate them",
    );
  });
});
