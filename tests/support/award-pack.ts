// Award pack data built by hand for the export tests: the field-services round of the fixtures
// evaluated by the engine, with vendors renamed (accents, a euro sign, hostile text) and a
// hand-made award, opening register, panel, declarations, concession log and debrief.
import { readFileSync } from "node:fs";
import { buildAwardPackData, type AwardPackData } from "~/domain/award/pack";
import type { AwardStatus, Debrief } from "~/domain/award/types";
import { describePriceFormula, evaluateRound, parseRoundInput, type RoundInput, type RoundInputRaw } from "~/domain/evaluation";
import { formatMoney } from "~/domain/evaluation/format";
import { projectionTools } from "~/services/evaluation/results-projection.server";

export const ACCENTED = "Société Générale d’Entretien — Zürich € Ærø";
export const HOSTILE = {
  html: "<script>alert('x')</script><b>Bold</b> & Co",
  formula: "=HYPERLINK(\"http://evil.example\",\"click\")",
  plus: "+1+2 cmd|' /C calc'!A0",
  minus: "-2+3",
  at: "@SUM(1,1)",
  rtl: "شركة الصيانة \u202Eevil\u202C עברית",
  emoji: "Green 🌳 Crew 👷‍♀️",
  longWord: "Supercalifragilistic".repeat(12),
};

export function fieldServicesRaw(): RoundInputRaw {
  return JSON.parse(readFileSync(new URL("../fixtures/field-services-round.json", import.meta.url), "utf8")) as RoundInputRaw;
}

/** The field-services round with its vendors renamed: [accented, html, formula, rtl, emoji, …]. */
export function hostileRound(names: string[] = [ACCENTED, HOSTILE.html, HOSTILE.formula, HOSTILE.rtl, HOSTILE.emoji]): RoundInput {
  const raw = fieldServicesRaw();
  // More vendors than the fixture's three: copies of its second vendor (bids and scores).
  const template = raw.vendors[1]!;
  for (let k = raw.vendors.length; k < names.length; k++) {
    const id = `${template.id}-copy${k}`;
    raw.vendors.push({ ...structuredClone(template), id, name: `copy ${k}` });
    for (const s of (raw.evaluatorScores ?? []).filter((x) => x.vendorId === template.id)) raw.evaluatorScores!.push({ ...s, vendorId: id, score: Math.max(0, s.score - 0.5 * (k - 2)) });
  }
  raw.vendors.forEach((v, i) => {
    if (i < names.length) v.name = names[i]!;
  });
  // Clause texts and justifications with formula starters, long words and markup.
  const firstBundle = raw.vendors[0]!.bundles[0]!;
  const sla = (firstBundle.clauses as { slas?: { verificationSource?: string | null }[] }).slas?.[0];
  if (sla) sla.verificationSource = `${HOSTILE.plus} ${HOSTILE.longWord}`;
  (raw.evaluatorScores ?? []).slice(0, 4).forEach((s, i) => {
    s.comment = [HOSTILE.minus, HOSTILE.at, HOSTILE.html, HOSTILE.longWord][i]!;
  });
  const parsed = parseRoundInput(raw);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  return parsed.data;
}

/**
 * The pack as the service returns it (`AwardPack`: the data and its extras). `status`: the award's
 * (default standstill, approved); `isPublic`: the RFP's (default invitation-only, as the demo's).
 */
export function packFrom(input: RoundInput, options: { withAward?: boolean; status?: Exclude<AwardStatus, "cancelled">; isPublic?: boolean } = {}): AwardPackData {
  const status = options.status ?? "standstill";
  const approved = status !== "proposed";
  const evaluation = evaluateRound(input);
  const money = (m: number) => formatMoney(m, input.currency, input.minorUnitsPerMajor);
  const ranked = evaluation.bundles.filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const top = ranked[0]!;
  const at = "2026-11-30T10:00:00.000Z";
  return buildAwardPackData(
    {
      generatedAt: new Date("2026-11-30T12:00:00.000Z"),
      rfp: {
        id: "rfp-1",
        reference: "RIV-2026-017",
        title: input.title,
        buyerName: "City of Riverton — Public Works Department",
        currency: input.currency,
        minorUnitsPerMajor: input.minorUnitsPerMajor,
        summary: "Field technicians for parks and streets.",
        publishedAt: "2026-10-01T09:00:00.000Z",
        bidsCloseAt: "2026-11-20T12:00:00.000Z",
        slots: input.bundleSlots,
        issues: input.issues.map((i) => ({ id: i.id, name: i.name, kind: i.kind, unit: i.kind === "number" ? i.unit : null })),
        isPublic: options.isPublic ?? false,
      },
      snapshot: { id: "snap-1", round: 1, createdAt: at, createdByName: "Dana Okafor", inputHash: "a".repeat(64), engineVersion: "pareto-engine 2.0", scoresLocked: true },
      input,
      evaluation,
      priceFormulaDescription: describePriceFormula(input.settings.priceFormula, input.currency, input.minorUnitsPerMajor),
      tools: projectionTools(input),
      opening: {
        round: 1,
        openedAt: "2026-11-21T09:00:00.000Z",
        openedBy: "Priya Raman",
        startedAt: "2026-11-21T08:55:00.000Z",
        startedBy: "Dana Okafor",
        registerHash: "b".repeat(64),
        rows: input.vendors.map((v, i) => ({ vendorOrganisationId: v.id, vendorName: v.name, status: "counted", versionNumber: 1, receivedAt: new Date(Date.UTC(2026, 10, 10, 10) + i * 60_000).toISOString(), storedHash: "c".repeat(64), recomputedHash: "c".repeat(64), withdrawnAt: null, lateAttempts: 0, decision: null })),
      },
      panel: input.evaluators.map((e) => ({ id: e.id, name: e.name, criteria: null })),
      declarations: input.evaluators.flatMap((e) => input.vendors.map((v) => ({ evaluatorName: e.name, vendorName: v.name, hasConflict: false, note: "", changeReason: null, declaredAt: at }))),
      award: options.withAward
        ? {
            id: "award-1",
            rfpId: "rfp-1",
            round: 1,
            snapshotId: "snap-1",
            snapshotInputHash: "a".repeat(64),
            vendorOrganisationId: top.vendorId,
            vendorName: top.vendorName,
            slotId: top.slotId,
            slotName: top.slotName,
            total: top.total,
            evaluatedPriceMinor: top.evaluatedPriceMinor,
            currency: input.currency,
            rationale: "Highest total; robust to every weight change of less than 5 points.",
            deviationReason: null,
            status,
            proposedBy: { id: "u1", name: "Dana Okafor" },
            proposedAt: "2026-11-28T10:00:00.000Z",
            approvedBy: approved ? { id: "u2", name: "Priya Raman" } : null,
            approvedAt: approved ? "2026-11-29T10:00:00.000Z" : null,
            standstillDays: 10,
            standstillEndsAt: approved ? "2026-12-09T10:00:00.000Z" : null,
            concludedBy: status === "concluded" ? { id: "u2", name: "Priya Raman" } : null,
            concludedAt: status === "concluded" ? "2026-12-10T10:00:00.000Z" : null,
            cancelledBy: null,
            cancelledAt: null,
            cancelReason: null,
          }
        : null,
      concessionLogs: options.withAward
        ? [{ vendorOrganisationId: input.vendors[1]!.id, vendorName: input.vendors[1]!.name, lines: [{ key: "2/balanced/term", round: 2, item: "Contract term", youGive: "48-month term instead of 36", youGet: `monthly fee ${money(920_000)} instead of ${money(1_035_000)}`, valueToBuyerPoints: 2.5, costToVendorMinor: 3_000_000, costMethod: "exact pairwise", costGroup: null, trigger: HOSTILE.formula, askId: null, oneWay: null, annotation: HOSTILE.at }] }]
        : null,
      debriefs: options.withAward && approved ? losingDebriefs(input, evaluation, top) : null,
      tenderers: input.vendors.map((v) => ({ id: v.id, name: v.name })),
    },
    money,
  );
}

function losingDebriefs(input: RoundInput, evaluation: ReturnType<typeof evaluateRound>, winner: ReturnType<typeof evaluateRound>["bundles"][number]): Debrief[] {
  const winnerPoints = new Map(winner.criteria.map((c) => [c.criterionId, c.points]));
  return input.vendors
    .filter((v) => v.id !== winner.vendorId)
    .map((v): Debrief => {
      const own = evaluation.bundles.filter((b) => b.vendorId === v.id);
      const best = [...own].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || b.total - a.total)[0]!;
      return {
        rfpId: "rfp-1",
        rfpReference: "RIV-2026-017",
        rfpTitle: input.title,
        buyerName: "City of Riverton — Public Works Department",
        currency: input.currency,
        vendorOrganisationId: v.id,
        vendorName: v.name,
        round: 1,
        snapshotId: "snap-1",
        snapshotInputHash: "a".repeat(64),
        winner: { vendorName: winner.vendorName, slotName: winner.slotName, total: winner.total, evaluatedPriceMinor: winner.evaluatedPriceMinor },
        own: { slotId: best.slotId, slotName: best.slotName, total: best.total, evaluatedPriceMinor: best.evaluatedPriceMinor, rank: best.rank, gateFailures: best.gateFailures.map((f) => f.reason) },
        ownBundles: own.map((b) => ({ slotId: b.slotId, slotName: b.slotName, total: b.total, rank: b.rank, passesGates: b.passesGates })),
        criteria: best.criteria.map((c) => ({ criterionId: c.criterionId, name: input.criteria.find((x) => x.id === c.criterionId)!.name, weight: c.weight, ownPoints: c.points, winnerPoints: winnerPoints.get(c.criterionId) ?? 0 })),
        advantages: [`Scores more points on price (weight ${input.criteria[0]!.weight}).`],
        awardReasons: { rationale: "Ranks first and passes every gate.", deviationReason: null },
        improvements: best.clauseFindings.slice(0, 3).map((f) => ({ severity: f.severity, where: `${best.slotName}: ${f.clauseId ?? "bundle"}`, message: f.message, suggestion: f.suggestion })),
        standstillEndsAt: "2026-12-09T10:00:00.000Z",
        awardApprovedAt: "2026-11-29T10:00:00.000Z",
      };
    });
}
