// Reads a filled bid template back into a draft (issue #5). All or nothing: every problem in
// the file is collected with its sheet and cell, and a draft is returned only when there are
// none, so a vendor fixes everything in one pass and never ends up with half an import.
// The hidden meta sheet says which issue, slot and SLA each cell belongs to; the labels a
// vendor sees are never parsed for meaning.
import type { Remedy, Sla } from "../domain/evaluation/clauses";
import { bidDraftSchema, type BidDraft } from "../domain/bids/content";
import { BUNDLE_LETTERS } from "../domain/bids/slots";
import type { GridDefinition } from "../domain/bids/grid-form";
import { numberBoundsProblem, type RfpIssue } from "../domain/rfp/term-sheet";
import {
  CONTRACT_TERMS,
  DIRECTION_OF,
  MAX_BID_WORKBOOK_BYTES,
  MAX_BID_WORKBOOK_LABEL,
  SHEETS,
  SLA_COLUMNS,
  WINDOW_OF,
  readMeta,
  readableTemplateVersion,
  slaColumn,
  type SlaColumnKey,
} from "./bid-workbook-layout.server";
import { readableProblem } from "../domain/validation-messages";
import { CellReader, loadWorkbook, wholeFileProblem, type SheetLike, type WorkbookProblem } from "./workbook-common.server";

export { MAX_BID_WORKBOOK_BYTES, MAX_BID_WORKBOOK_LABEL } from "./bid-workbook-layout.server";
// Shared with the evaluator's score sheet; re-exported so the bid route and tests keep their imports.
export { NOT_XLSX, formatProblem, type WorkbookProblem } from "./workbook-common.server";

/** `status`: 413 for a file too large (or a zip bomb), 503 when too many imports run at once; 400 otherwise. */
export type ReadBidWorkbookResult = { ok: true; draft: BidDraft; valueCount: number } | { ok: false; status?: number; problems: WorkbookProblem[] };

type Definition = GridDefinition;

/**
 * `base` is the vendor's saved draft: what the workbook cannot express (contingent clauses,
 * stepped credits, remedy details such as a holdback's release period) is kept from it.
 */
export async function readBidWorkbook(bytes: Uint8Array, definition: Definition, rfpId: string, base: BidDraft | null = null): Promise<ReadBidWorkbookResult> {
  const whole = (message: string): ReadBidWorkbookResult => ({ ok: false, problems: [wholeFileProblem(message)] });
  const loaded = await loadWorkbook(bytes, { maxBytes: MAX_BID_WORKBOOK_BYTES, tooLarge: `The file is larger than ${MAX_BID_WORKBOOK_LABEL}. Upload the bid template without pictures or extra sheets.` });
  if (!loaded.ok) return loaded;
  const workbook = loaded.workbook;
  const meta = readMeta(workbook.getWorksheet(SHEETS.meta));
  const bundlesSheet = workbook.getWorksheet(SHEETS.bundles);
  const slasSheet = workbook.getWorksheet(SHEETS.slas);
  if (!meta || !bundlesSheet || !slasSheet) return whole("This workbook is not a Pareto bid template. Download the template from the bid page, fill it in and upload that file.");
  if (meta.rfpId !== rfpId) return whole(`This workbook is the bid template of another RFP (${[meta.reference, meta.rfpTitle].filter(Boolean).join(", ") || meta.rfpId}). Download the template of this RFP from its bid page.`);
  if (!readableTemplateVersion(meta.version, definition.basics.currency)) return whole("This template was made by an older version of Pareto. Download a new template from the bid page.");
  const stale = staleness(meta, definition);
  if (stale) return whole(`${stale} since this template was downloaded (an addendum may have changed it). Download a new template; your saved draft fills it in.`);

  const problems: WorkbookProblem[] = [];
  const reader = (sheet: SheetLike) => (row: number, column: number) => new CellReader(sheet, row, column, problems);
  const atBundles = reader(bundlesSheet);
  const atSlas = reader(slasSheet);
  let valueCount = 0;

  const bundles = definition.bundleSlots.map((slot, i) => {
    const letter = BUNDLE_LETTERS[i] ?? String(i + 1);
    const column = meta.slots.find((s) => s.slotId === slot.id)!.column;
    const previous = base?.bundles.find((b) => b.slotId === slot.id) ?? null;
    const values = Object.create(null) as Record<string, number | string | null>; // keyed by issue ids, "__proto__" included
    for (const { row, issueId } of meta.issues) {
      const issue = definition.termSheet.find((t) => t.id === issueId)!;
      values[issueId] = readIssue(atBundles(row, column), issue, letter, definition.basics.currency);
      if (values[issueId] !== null) valueCount += 1;
    }
    const term = (key: (typeof CONTRACT_TERMS)[number]["key"]) => {
      const spec = CONTRACT_TERMS.find((t) => t.key === key)!;
      const row = meta.terms.find((t) => t.key === key)?.row;
      if (row === undefined) return null;
      const cell = atBundles(row, column);
      const what = `${spec.label} for bundle ${letter}`;
      const value = spec.kind === "yesno" ? cell.yesNo(what) : spec.kind === "percent" ? cell.percent(what) : cell.number(what, { whole: spec.kind === "days", min: 0, example: spec.kind === "days" ? "30" : "6" });
      if (value !== null) valueCount += 1;
      return value;
    };
    const transitionMonths = term("transitionMonths") as number | null;
    const contractTerms = {
      autoRenewal: term("autoRenewal") === true,
      renewalNoticeDays: term("renewalNoticeDays") as number | null,
      terminationRight: term("terminationRight") === true,
      transitionAssistance: transitionMonths === null ? null : { months: transitionMonths, scope: previous?.clauses.contractTerms.transitionAssistance?.scope ?? null },
      creditCapPercentOfTotalFees: term("creditCapPercent") as number | null,
    };

    const slas: Sla[] = [];
    const takenIds = new Set<string>();
    for (const rowMeta of meta.slas.filter((s) => s.slotId === slot.id)) {
      const cell = (key: SlaColumnKey) => atSlas(rowMeta.row, slaColumn(key));
      const filled = SLA_COLUMNS.some((c) => c.key !== "bundle" && !cell(c.key).blank);
      const old = previous?.clauses.slas.find((s) => s.id === rowMeta.slaId);
      // A blank spare row is no SLA; a required SLA is always in the bundle, as on the grid.
      if (!rowMeta.required && !filled) continue;
      const metric = cell("metric").text(`The metric for bundle ${letter}`);
      const name = `${metric ?? "the SLA"} (bundle ${letter})`;
      if (!metric && filled) cell("metric").problem(`Name the metric of this SLA of bundle ${letter}, or clear the row`);
      let id = rowMeta.slaId;
      // A spare row gets the grid's kind of id (sla-1, sla-2, …), unique within the bundle.
      const rowIds = new Set(meta.slas.filter((s) => s.slotId === slot.id).map((s) => s.slaId));
      if (takenIds.has(id)) id = "";
      for (let n = 1; !id; n++) if (!rowIds.has(`sla-${n}`) && !takenIds.has(`sla-${n}`)) id = `sla-${n}`;
      takenIds.add(id);
      const target = cell("target").number(`The target of ${name}`, { example: "5" });
      const creditPercent = cell("creditPercent").percent(`The service credit of ${name}`);
      const creditCap = cell("creditCap").percent(`The credit cap of ${name}`);
      const automatic = cell("creditAutomatic").yesNo(`Whether the credit of ${name} is automatic`);
      const holdbackPercent = cell("holdbackPercent").percent(`The holdback of ${name}`);
      const releaseCondition = cell("releaseCondition").text(`The release condition of ${name}`);
      const breaches = cell("terminationBreaches").number(`The termination trigger of ${name}`, { whole: true, min: 1, example: "3" });
      if (holdbackPercent !== null && !releaseCondition) cell("releaseCondition").problem(`A holdback of ${holdbackPercent} % on ${name} needs a release condition, e.g. “SLA met for 3 consecutive months”`);
      valueCount += [target, creditPercent, creditCap, automatic, holdbackPercent, releaseCondition, breaches].filter((v) => v !== null).length;

      const kept = (kind: Remedy["kind"]) => old?.remedies.find((r) => r.kind === kind);
      const remedies: Remedy[] = [];
      const oldCredit = kept("service_credit");
      if (creditPercent !== null || creditCap !== null || automatic !== null) {
        // A stepped or banded credit cannot be shown in one cell: left blank, it is kept.
        const amount = creditPercent !== null ? { type: "fixed" as const, percent: creditPercent } : oldCredit?.kind === "service_credit" && oldCredit.amount?.type !== "fixed" ? oldCredit.amount : null;
        remedies.push({ kind: "service_credit", id: rowMeta.creditId || `${id}-credit`, automatic, amount, capPercentOfPeriodFee: creditCap });
      }
      if (holdbackPercent !== null || releaseCondition !== null) {
        const oldHoldback = kept("holdback");
        remedies.push({ kind: "holdback", id: rowMeta.holdbackId || `${id}-holdback`, percentOfFees: holdbackPercent, releaseCondition, releaseAfterPeriod: oldHoldback?.kind === "holdback" ? oldHoldback.releaseAfterPeriod : null });
      }
      if (breaches !== null) {
        const oldTermination = kept("termination_right");
        const rest = oldTermination?.kind === "termination_right" ? { consecutive: oldTermination.consecutive, description: oldTermination.description } : { consecutive: false, description: null };
        remedies.push({ kind: "termination_right", id: rowMeta.terminationId || `${id}-termination`, breachesToTrigger: breaches, ...rest });
      }
      // Remedy kinds without a column (transition assistance on an SLA) stay as they were.
      remedies.push(...(old?.remedies.filter((r) => r.kind === "transition_assistance") ?? []));

      // The metric cell of a required row is locked, so it names the requirement.
      const requirement = rowMeta.required ? definition.sla.slas.find((r) => r.metric === metric) : undefined;
      if (rowMeta.required && !requirement) cell("metric").problem(`The RFP no longer requires “${metric ?? ""}”: download a new template`);
      slas.push({
        id,
        metric,
        unit: requirement ? requirement.unit : cell("unit").text(`The unit of ${name}`),
        direction: requirement ? requirement.direction : cell("direction").oneOf(DIRECTION_OF, `Better when for ${name}`),
        target,
        window: cell("window").oneOf(WINDOW_OF, `Measured per for ${name}`),
        verificationSource: cell("source").text(`Verified by for ${name}`),
        remedies,
      });
    }
    return { slotId: slot.id, values, clauses: { slas, contingentClauses: previous?.clauses.contingentClauses ?? [], contractTerms } };
  });

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  const parsed = bidDraftSchema.safeParse({ bundles });
  // Every cell was checked above, so this is a safety net for a rule added to the schema later.
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => wholeFileProblem(`The imported bid is not valid: ${readableProblem(issue)}`)) };
  return { ok: true, draft: parsed.data, valueCount };
}

/** Says what changed in the RFP since the template was made, or null when it still fits. */
function staleness(meta: NonNullable<ReturnType<typeof readMeta>>, definition: Definition): string | null {
  const issueIds = meta.issues.map((i) => i.issueId);
  const added = definition.termSheet.find((i) => !issueIds.includes(i.id));
  if (added) return `The RFP gained the issue “${added.name}”`;
  if (issueIds.some((id) => !definition.termSheet.some((i) => i.id === id))) return "An issue of this template was removed from the RFP";
  const slotIds = meta.slots.map((s) => s.slotId);
  if (definition.bundleSlots.some((s) => !slotIds.includes(s.id))) return "The RFP's bundle slots changed";
  const requiredRows = new Set(meta.slas.filter((s) => s.required).map((s) => `${s.slotId} ${s.slaId}`));
  if (requiredRows.size !== definition.sla.slas.length * definition.bundleSlots.length) return "The RFP's required SLAs changed";
  return null;
}

function sortProblems(problems: WorkbookProblem[]): WorkbookProblem[] {
  const sheetOrder = [SHEETS.bundles, SHEETS.slas] as string[];
  return problems.sort((a, b) => sheetOrder.indexOf(a.sheet) - sheetOrder.indexOf(b.sheet) || a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
}

function readIssue(cell: CellReader, issue: RfpIssue, letter: string, currency: string): number | string | null {
  const what = `${issue.name} for bundle ${letter}`;
  switch (issue.kind) {
    case "money":
      // Exact minor units in the RFP's currency (JPY 0 decimals, KWD 3): never `amount * 100`.
      return cell.amount(what, currency);
    case "number": {
      const value = issue.unit.trim().startsWith("%") ? cell.percent(what) : cell.number(what, { example: "12", unit: issue.unit });
      const outOfBounds = value === null ? null : numberBoundsProblem({ ...issue, name: what }, value);
      return outOfBounds ? cell.problem(outOfBounds) : value;
    }
    case "choice": {
      const text = cell.text(what);
      if (text === null) return null;
      const option = issue.options.find((o) => o.label.trim().toLowerCase() === text.toLowerCase() || o.id === text);
      return option ? option.id : cell.problem(`${what}: “${text}” is not one of the options (${issue.options.map((o) => o.label).join(", ")})`);
    }
    case "text":
      return cell.text(what);
  }
}
