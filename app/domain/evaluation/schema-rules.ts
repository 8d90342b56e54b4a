/**
 * Cross-field rules of a round. Each rule reports at the path a form would highlight, and the
 * rules never stop at the first problem: a buyer fixing a file wants the whole list at once.
 * After these pass, the engine may index by id without checking again: it never throws.
 */
import type { z } from "zod";
import { normaliseMetric } from "./clauses";
import { exactEvaluatedPrice, ownValue } from "./price";
import { WEIGHT_SUM, weightTotal, type Issue, type RoundInput } from "./schema";

type Ctx = z.RefinementCtx<RoundInput>;
type Path = (string | number)[];
const MAX_EXACT_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

function report(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: "custom", message, path });
}

function checkUnique(ctx: Ctx, items: readonly { id: string }[], path: Path, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) report(ctx, [...path, i, "id"], `duplicate ${what} id "${item.id}"`);
    seen.add(item.id);
  });
}

/** Reports a value that does not fit its issue; returns nothing so callers keep going. */
function checkValue(ctx: Ctx, issue: Issue, value: number | string | undefined, path: Path): void {
  if (value === undefined) {
    report(ctx, path, `missing a value for issue "${issue.id}"`);
    return;
  }
  switch (issue.kind) {
    case "money":
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
        report(ctx, path, "money is a non-negative whole number of minor units");
      return;
    case "number":
      if (typeof value !== "number") report(ctx, path, `expected a number (${issue.unit})`);
      return;
    case "choice":
      if (typeof value !== "string" || !issue.options.some((o) => o.id === value))
        report(ctx, path, `expected one of: ${issue.options.map((o) => o.id).join(", ")}`);
      return;
    case "text":
      if (typeof value !== "string") report(ctx, path, "expected text");
      return;
  }
}

function checkValues(
  ctx: Ctx,
  data: RoundInput,
  issueById: ReadonlyMap<string, Issue>,
  values: Record<string, number | string>,
  path: Path,
): void {
  for (const issue of data.issues) checkValue(ctx, issue, ownValue(values, issue.id), [...path, issue.id]);
  for (const key of Object.keys(values)) {
    if (!issueById.has(key)) report(ctx, [...path, key], `unknown issue id "${key}"`);
  }
  const allFit = data.issues.every((issue) => typeof ownValue(values, issue.id) === (issue.kind === "money" || issue.kind === "number" ? "number" : "string"));
  if (!allFit) return;
  const price = exactEvaluatedPrice(values, data.settings.evaluatedPrice.terms);
  if (price < 0n) report(ctx, path, "the evaluated price of these values is negative");
  // Beyond 2^53 − 1 a number no longer holds every whole minor unit: refuse rather than lose cents.
  else if (price > MAX_EXACT_MINOR)
    report(ctx, path, `the evaluated price of these values (${price.toLocaleString("en-US")} minor units) exceeds ${Number.MAX_SAFE_INTEGER.toLocaleString("en-US")} minor units, the largest amount computed exactly`);
}

export function checkRoundConsistency(data: RoundInput, ctx: Ctx): void {
  checkUnique(ctx, data.issues, ["issues"], "issue");
  checkUnique(ctx, data.bundleSlots, ["bundleSlots"], "bundle slot");
  checkUnique(ctx, data.criteria, ["criteria"], "criterion");
  checkUnique(ctx, data.gates, ["gates"], "gate");
  checkUnique(ctx, data.vendors, ["vendors"], "vendor");
  checkUnique(ctx, data.evaluators, ["evaluators"], "evaluator");

  const issueById = new Map(data.issues.map((i) => [i.id, i]));
  const criterionById = new Map(data.criteria.map((c) => [c.id, c]));
  const slotIds = new Set(data.bundleSlots.map((s) => s.id));
  const evaluatorIds = new Set(data.evaluators.map((e) => e.id));

  data.issues.forEach((issue, i) => {
    if (issue.kind === "choice") checkUnique(ctx, issue.options, ["issues", i, "options"], "option");
  });

  const weightSum = weightTotal(data.criteria.map((c) => c.weight));
  if (weightSum !== WEIGHT_SUM) {
    report(ctx, ["criteria"], `criterion weights sum to ${weightSum}, not ${WEIGHT_SUM}`);
  }
  if (data.criteria.filter((c) => c.kind === "price").length > 1) {
    report(ctx, ["criteria"], "at most one price criterion (the evaluated price is scored once)");
  }

  data.criteria.forEach((c, i) => {
    if (c.kind === "price" || c.kind === "judged") return;
    const issue = issueById.get(c.issueId);
    if (!issue) return report(ctx, ["criteria", i, "issueId"], `unknown issue id "${c.issueId}"`);
    if (c.kind === "number") {
      if (issue.kind !== "number" && issue.kind !== "money")
        report(ctx, ["criteria", i, "issueId"], "a number criterion needs a number or money issue");
      const ordered = c.direction === "higher_is_better" ? c.best >= c.worst : c.best <= c.worst;
      if (!ordered) report(ctx, ["criteria", i, "best"], `best must be on the ${c.direction.replaceAll("_", " ")} side of worst`);
      return;
    }
    if (issue.kind !== "choice") return report(ctx, ["criteria", i, "issueId"], "a choice criterion needs a choice issue");
    if (issue.options.every((o) => !((ownValue(c.points, o.id) ?? 0) > 0)))
      report(ctx, ["criteria", i, "points"], "at least one option must score more than 0 (scores are points ÷ the highest points)");
    for (const option of issue.options) {
      if (ownValue(c.points, option.id) === undefined) report(ctx, ["criteria", i, "points", option.id], "missing points for this option");
    }
    for (const key of Object.keys(c.points)) {
      if (!issue.options.some((o) => o.id === key)) report(ctx, ["criteria", i, "points", key], `unknown option "${key}"`);
    }
  });

  data.gates.forEach((g, i) => {
    if (g.kind === "sla-present") return;
    if (g.kind === "criterion-min") {
      const c = criterionById.get(g.criterionId);
      if (!c) report(ctx, ["gates", i, "criterionId"], `unknown criterion id "${g.criterionId}"`);
      // Price scores depend on which bundles pass the gates, so a price gate would be circular.
      else if (c.kind === "price") report(ctx, ["gates", i, "criterionId"], "use the reservation price, not a gate, for price");
      return;
    }
    const issue = issueById.get(g.issueId);
    if (!issue) return report(ctx, ["gates", i, "issueId"], `unknown issue id "${g.issueId}"`);
    if (g.kind === "number" && issue.kind !== "number" && issue.kind !== "money")
      report(ctx, ["gates", i, "issueId"], "a number gate needs a number or money issue");
    if (g.kind === "choice") {
      if (issue.kind !== "choice") return report(ctx, ["gates", i, "issueId"], "a choice gate needs a choice issue");
      g.allowed.forEach((opt, j) => {
        if (!issue.options.some((o) => o.id === opt)) report(ctx, ["gates", i, "allowed", j], `unknown option "${opt}"`);
      });
    }
  });

  const seenTerm = new Set<string>();
  data.settings.evaluatedPrice.terms.forEach((t, i) => {
    const issue = issueById.get(t.issueId);
    const path = ["settings", "evaluatedPrice", "terms", i, "issueId"];
    if (!issue) report(ctx, path, `unknown issue id "${t.issueId}"`);
    else if (issue.kind !== "money" && issue.kind !== "number") report(ctx, path, "only money and number issues can be priced");
    if (seenTerm.has(t.issueId)) report(ctx, path, `issue "${t.issueId}" appears twice`);
    seenTerm.add(t.issueId);
  });
  const f = data.settings.priceFormula;
  if ((f.kind === "linear" || f.kind === "logarithmic") && f.ceilingMinor <= f.floorMinor) {
    report(ctx, ["settings", "priceFormula", "ceilingMinor"], "the ceiling price must be above the floor price");
  }

  data.vendors.forEach((vendor, v) => {
    if (vendor.bundles.length !== slotIds.size)
      report(ctx, ["vendors", v, "bundles"], `every vendor bids exactly ${slotIds.size} bundles, one per slot`);
    const seen = new Set<string>();
    vendor.bundles.forEach((bundle, b) => {
      if (!slotIds.has(bundle.slotId)) report(ctx, ["vendors", v, "bundles", b, "slotId"], `unknown bundle slot "${bundle.slotId}"`);
      if (seen.has(bundle.slotId)) report(ctx, ["vendors", v, "bundles", b, "slotId"], `duplicate bundle for slot "${bundle.slotId}"`);
      seen.add(bundle.slotId);
      checkValues(ctx, data, issueById, bundle.values, ["vendors", v, "bundles", b, "values"]);
    });
  });
  checkValues(ctx, data, issueById, data.buyer.batna.values, ["buyer", "batna", "values"]);

  checkJudging(ctx, data, criterionById, evaluatorIds);
  checkSimulation(ctx, data, issueById);
}

function bundleKeys(data: RoundInput): Set<string> {
  const keys = new Set<string>();
  for (const v of data.vendors) for (const b of v.bundles) keys.add(`${v.id}\u0000${b.slotId}`);
  return keys;
}

function checkJudging(
  ctx: Ctx,
  data: RoundInput,
  criterionById: ReadonlyMap<string, RoundInput["criteria"][number]>,
  evaluatorIds: ReadonlySet<string>,
): void {
  const bundles = bundleKeys(data);
  const judged = data.criteria.filter((c) => c.kind === "judged");
  const scored = new Set<string>();
  const checkCell = (path: Path, cell: { criterionId: string; vendorId: string; slotId: string }): string | null => {
    const c = criterionById.get(cell.criterionId);
    if (!c) return report(ctx, [...path, "criterionId"], `unknown criterion id "${cell.criterionId}"`), null;
    if (c.kind !== "judged") return report(ctx, [...path, "criterionId"], `criterion "${c.id}" is scored automatically`), null;
    if (!bundles.has(`${cell.vendorId}\u0000${cell.slotId}`))
      return report(ctx, [...path, "slotId"], `no bundle "${cell.slotId}" from vendor "${cell.vendorId}"`), null;
    return `${cell.criterionId}\u0000${cell.vendorId}\u0000${cell.slotId}`;
  };

  const seenScore = new Set<string>();
  data.evaluatorScores.forEach((s, i) => {
    if (!evaluatorIds.has(s.evaluatorId)) report(ctx, ["evaluatorScores", i, "evaluatorId"], `unknown evaluator id "${s.evaluatorId}"`);
    const cell = checkCell(["evaluatorScores", i], s);
    if (cell === null) return;
    scored.add(cell);
    const key = `${cell}\u0000${s.evaluatorId}`;
    if (seenScore.has(key)) report(ctx, ["evaluatorScores", i], "this evaluator already scored this criterion for this bundle");
    seenScore.add(key);
  });

  const moderated = new Set<string>();
  data.moderations.forEach((m, i) => {
    const cell = checkCell(["moderations", i], m);
    if (cell === null) return;
    if (moderated.has(cell)) report(ctx, ["moderations", i], "this criterion and bundle are already moderated");
    moderated.add(cell);
  });

  data.vendors.forEach((vendor, v) =>
    vendor.bundles.forEach((bundle, b) => {
      for (const c of judged) {
        const cell = `${c.id}\u0000${vendor.id}\u0000${bundle.slotId}`;
        // Under "moderated" a cell without a moderation takes the median (see consensus.ts):
        // the panel chair's lock rule, not the schema, decides which cells must be moderated.
        if (!scored.has(cell))
          report(ctx, ["vendors", v, "bundles", b], `no evaluator score for judged criterion "${c.id}"`);
      }
    }),
  );

  for (const c of judged) {
    if (ownValue(data.buyer.batna.judgedScores, c.id) === undefined)
      report(ctx, ["buyer", "batna", "judgedScores", c.id], "score the BATNA on every judged criterion");
  }
  for (const key of Object.keys(data.buyer.batna.judgedScores)) {
    if (criterionById.get(key)?.kind !== "judged")
      report(ctx, ["buyer", "batna", "judgedScores", key], `"${key}" is not a judged criterion`);
  }
}

function checkSimulation(ctx: Ctx, data: RoundInput, issueById: ReadonlyMap<string, Issue>): void {
  const sim = data.simulation;
  if (!sim) return;
  if (sim.periodFeeIssueId !== undefined && issueById.get(sim.periodFeeIssueId)?.kind !== "money") {
    report(ctx, ["simulation", "periodFeeIssueId"], `"${sim.periodFeeIssueId}" is not a money issue`);
  }
  const bundles = bundleKeys(data);
  sim.runs.forEach((run, i) => {
    if (!bundles.has(`${run.vendorId}\u0000${run.slotId}`))
      report(ctx, ["simulation", "runs", i, "slotId"], `no bundle "${run.slotId}" from vendor "${run.vendorId}"`);
    if (run.periodFeeMinor === undefined && sim.periodFeeIssueId === undefined)
      report(ctx, ["simulation", "runs", i, "periodFeeMinor"], "state the period fee or set simulation.periodFeeIssueId");
    const seen = new Set<string>();
    run.observations.forEach((o, j) => {
      const key = `${normaliseMetric(o.metric)}\u0000${o.period}`;
      if (seen.has(key)) report(ctx, ["simulation", "runs", i, "observations", j], `a second observation of "${o.metric}" for period ${o.period}`);
      seen.add(key);
    });
  });
}
