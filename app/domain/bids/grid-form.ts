// The MESO grid as a plain HTML form: every cell is one flat string field, so the grid posts
// and re-renders without JavaScript and a failed save can echo back exactly what was typed.
// This file is the only place that knows how those fields map to a `BidDraft` and back:
// money typed in major units ↔ integer minor units, remedies as one group of fields per
// kind, the RFP's required SLAs as pre-filled rows, and the engine's error paths
// (`bundles.1.values.termMonths`, `bundles.0.clauses.slas.2.remedies.1.releaseCondition`)
// → the field to mark.
import { COMPARISONS, DIRECTIONS, MAX_CONTINGENT_CLAUSES, MAX_SLAS_PER_BUNDLE, MEASUREMENT_WINDOWS, normaliseMetric, type ClauseFinding, type ContingentClause, type CreditAmount, type Remedy, type Sla } from "../evaluation/clauses";
import type { RfpBasics, RfpDefinition } from "../rfp/sections";
import type { RfpIssue } from "../rfp/term-sheet";
import { bidDraftSchema, type BidDraft } from "./content";
import { readableProblem } from "../validation-messages";
import { BUNDLE_LETTERS } from "./slots";
import { currencyDecimals, minorToMajor, readAmount, readNumber, type NumberRule } from "./grid-form-numbers";

/** The grid's fields by name, as a form posts them. */
export type GridFields = Record<string, string>;
export type GridErrors = Record<string, string[]>;

/** What the grid reads of the RFP: its issues, slots, SLA requirements and currency. */
export type GridDefinition = Pick<RfpDefinition, "termSheet" | "bundleSlots" | "sla"> & { basics: Pick<RfpBasics, "currency"> };
type Definition = GridDefinition;

export const SLA_KEYS = [
  "id", "required", "metric", "unit", "direction", "target", "window", "source",
  "creditId", "creditAuto", "creditPercent", "creditCap", "creditAmountJson",
  "holdbackId", "holdbackPercent", "holdbackRelease", "holdbackAfter",
  "terminationId", "terminationBreaches", "terminationConsecutive", "terminationDescription",
  "transitionId", "transitionMonths", "transitionScope",
] as const;
export type SlaKey = (typeof SLA_KEYS)[number];

export const CONTINGENT_KEYS = [
  "id", "metric", "unit", "comparison", "threshold", "window", "source", "periods",
  "remedyId", "remedyKind", "remedyAuto", "remedyPercent", "remedyCap", "remedyRelease", "remedyBreaches", "remedyMonths", "remedyScope",
] as const;
export type ContingentKey = (typeof CONTINGENT_KEYS)[number];

export const TERMS_KEYS = ["autoRenewal", "renewalNoticeDays", "terminationRight", "transitionMonths", "transitionScope", "creditCap"] as const;
export type TermsKey = (typeof TERMS_KEYS)[number];

export const REMEDY_KINDS = ["service_credit", "holdback", "termination_right", "transition_assistance"] as const;
export const REMEDY_KIND_LABELS: Record<(typeof REMEDY_KINDS)[number], string> = {
  service_credit: "Service credit",
  holdback: "Holdback",
  termination_right: "Termination right",
  transition_assistance: "Transition assistance",
};

// ── Field names ─────────────────────────────────────────────────────────────────────────

export const valueField = (b: number, issueId: string) => `bundles.${b}.values.${issueId}`;
export const slotField = (b: number) => `bundles.${b}.slotId`;
export const slaField = (b: number, row: number, key: SlaKey) => rowNames(slaNames, "slas", SLA_KEYS, b, row)?.[key] ?? `bundles.${b}.slas.${row}.${key}`;
export const contingentField = (b: number, row: number, key: ContingentKey) => rowNames(contingentNames, "contingent", CONTINGENT_KEYS, b, row)?.[key] ?? `bundles.${b}.contingent.${row}.${key}`;
export const termsField = (b: number, key: TermsKey) => rowNames(termsNames, "terms", TERMS_KEYS, b, null)?.[key] ?? `bundles.${b}.terms.${key}`;

// A rendering reads and writes each of some 500 names several times: built once, the same
// string is a cheap property key every time (a freshly built one is hashed and looked up first).
const NAMED_BUNDLES = 8;
const NAMED_ROWS = 64;
const slaNames: Record<SlaKey, string>[][] = [];
const contingentNames: Record<ContingentKey, string>[][] = [];
const termsNames: Record<TermsKey, string>[][] = [];

function rowNames<K extends string>(cache: Record<K, string>[][], group: string, keys: readonly K[], b: number, row: number | null): Record<K, string> | undefined {
  const r = row ?? 0;
  if (!(b >= 0 && b < NAMED_BUNDLES && r >= 0 && r < NAMED_ROWS && Number.isInteger(b) && Number.isInteger(r))) return undefined;
  const byRow = (cache[b] ??= []);
  let names = byRow[r];
  if (!names) {
    const prefix = row === null ? `bundles.${b}.${group}.` : `bundles.${b}.${group}.${row}.`;
    names = Object.fromEntries(keys.map((key) => [key, prefix + key])) as Record<K, string>;
    byRow[r] = names;
  }
  return names;
}

/** The label of a term-sheet cell; tests and screen readers find cells by it. */
export function cellLabel(b: number, issue: RfpIssue, currency: string): string {
  const unit = issue.kind === "money" ? ` (${currency})` : issue.kind === "number" ? ` (${issue.unit})` : "";
  return `Bundle ${BUNDLE_LETTERS[b] ?? b + 1} — ${issue.name}${unit}`;
}

/** Rows of a repeated group present in the fields, in order (0, 1, 2, …). */
export function rowsOf(fields: GridFields, b: number, group: "slas" | "contingent"): number[] {
  const rows = new Set<number>();
  const prefix = `bundles.${b}.${group}.`;
  // Called several times per rendering of a 600-field grid: no array of keys, no split.
  for (const name in fields) {
    if (!name.startsWith(prefix)) continue;
    const end = name.indexOf(".", prefix.length);
    const row = Number(end < 0 ? name.slice(prefix.length) : name.slice(prefix.length, end));
    if (Number.isInteger(row) && row >= 0) rows.add(row);
  }
  return [...rows].sort((x, y) => x - y);
}

/** The rows of every bundle's repeated groups as `rowsOf` finds them, in one pass over the fields (a rendering needs them all). */
export function gridRows(fields: GridFields, bundles: number): { slas: number[]; contingent: number[] }[] {
  const found = Array.from({ length: bundles }, () => ({ slas: new Set<number>(), contingent: new Set<number>() }));
  for (const name in fields) {
    if (!name.startsWith("bundles.")) continue;
    const bEnd = name.indexOf(".", 8);
    if (bEnd < 0) continue;
    const digits = name.slice(8, bEnd);
    const b = Number(digits);
    // `bundles.${b}.` spells b in plain decimal: "01" or "1e0" are no bundle's prefix.
    if (!Number.isInteger(b) || b < 0 || b >= bundles || String(b) !== digits) continue;
    const group = name.startsWith("slas.", bEnd + 1) ? "slas" : name.startsWith("contingent.", bEnd + 1) ? "contingent" : null;
    if (!group) continue;
    const start = bEnd + 2 + group.length;
    const end = name.indexOf(".", start);
    const row = Number(end < 0 ? name.slice(start) : name.slice(start, end));
    if (Number.isInteger(row) && row >= 0) found[b]![group].add(row);
  }
  const sorted = (rows: Set<number>) => [...rows].sort((x, y) => x - y);
  return found.map((f) => ({ slas: sorted(f.slas), contingent: sorted(f.contingent) }));
}

// ── Money and numbers: typed text ↔ values (shared with every other form, decision 021) ──

export { currencyDecimals, majorToMinor, minorToMajor } from "./grid-form-numbers";

// ── Draft → fields ──────────────────────────────────────────────────────────────────────

const num = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
const txt = (s: string | null | undefined) => s ?? "";
const flag = (b: boolean | null | undefined) => (b ? "on" : "");

function remedyOf<K extends Remedy["kind"]>(remedies: readonly Remedy[], kind: K): Extract<Remedy, { kind: K }> | undefined {
  return remedies.find((r): r is Extract<Remedy, { kind: K }> => r.kind === kind);
}

function nextId(taken: Set<string>, base: string): string {
  let n = 1;
  while (taken.has(`${base}-${n}`)) n++;
  const id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function slaFields(into: GridFields, b: number, row: number, sla: Partial<Sla> & { id: string }, required: boolean) {
  const set = (key: SlaKey, value: string) => (into[slaField(b, row, key)] = value);
  const remedies = sla.remedies ?? [];
  const credit = remedyOf(remedies, "service_credit");
  const holdback = remedyOf(remedies, "holdback");
  const termination = remedyOf(remedies, "termination_right");
  const transition = remedyOf(remedies, "transition_assistance");
  set("id", sla.id);
  set("required", required ? "1" : "");
  set("metric", txt(sla.metric));
  set("unit", txt(sla.unit));
  set("direction", txt(sla.direction));
  set("target", num(sla.target));
  set("window", txt(sla.window));
  set("source", txt(sla.verificationSource));
  set("creditId", credit?.id ?? `${sla.id}-credit`);
  set("creditAuto", flag(credit?.automatic));
  // Tiered credits (per step, bands) come from the API or an import; the grid edits a fixed %
  // and carries any other shape untouched, so saving the grid never loses it.
  set("creditPercent", credit?.amount?.type === "fixed" ? num(credit.amount.percent) : "");
  set("creditAmountJson", credit?.amount && credit.amount.type !== "fixed" ? JSON.stringify(credit.amount) : "");
  set("creditCap", num(credit?.capPercentOfPeriodFee));
  set("holdbackId", holdback?.id ?? `${sla.id}-holdback`);
  set("holdbackPercent", num(holdback?.percentOfFees));
  set("holdbackRelease", txt(holdback?.releaseCondition));
  set("holdbackAfter", num(holdback?.releaseAfterPeriod));
  set("terminationId", termination?.id ?? `${sla.id}-termination`);
  set("terminationBreaches", num(termination?.breachesToTrigger));
  set("terminationConsecutive", flag(termination?.consecutive));
  set("terminationDescription", txt(termination?.description));
  set("transitionId", transition?.id ?? `${sla.id}-transition`);
  set("transitionMonths", num(transition?.months));
  set("transitionScope", txt(transition?.scope));
}

function contingentFields(into: GridFields, b: number, row: number, clause: Partial<ContingentClause> & { id: string }) {
  const set = (key: ContingentKey, value: string) => (into[contingentField(b, row, key)] = value);
  const remedy = clause.remedy ?? null;
  set("id", clause.id);
  set("metric", txt(clause.metric));
  set("unit", txt(clause.unit));
  set("comparison", txt(clause.comparison));
  set("threshold", num(clause.threshold));
  set("window", txt(clause.window));
  set("source", txt(clause.verificationSource));
  set("periods", clause.periods?.join(", ") ?? "");
  set("remedyId", remedy?.id ?? `${clause.id}-remedy`);
  set("remedyKind", remedy?.kind ?? "");
  set("remedyAuto", flag(remedy?.kind === "service_credit" ? remedy.automatic : null));
  set("remedyPercent", num(remedy?.kind === "service_credit" ? (remedy.amount?.type === "fixed" ? remedy.amount.percent : null) : remedy?.kind === "holdback" ? remedy.percentOfFees : null));
  set("remedyCap", num(remedy?.kind === "service_credit" ? remedy.capPercentOfPeriodFee : null));
  set("remedyRelease", remedy?.kind === "holdback" ? txt(remedy.releaseCondition) : "");
  set("remedyBreaches", num(remedy?.kind === "termination_right" ? remedy.breachesToTrigger : null));
  set("remedyMonths", num(remedy?.kind === "transition_assistance" ? remedy.months : null));
  set("remedyScope", remedy?.kind === "transition_assistance" ? txt(remedy.scope) : "");
}

/** Fills `into` with blank SLA and contingent rows for bundle `b`, so a new clause can be typed (without JavaScript, after a post). */
export function addBlankRows(into: GridFields, b: number, what: { slas?: number; contingent?: number }): GridFields {
  const taken = new Set<string>();
  const prefix = `bundles.${b}.`;
  for (const name in into) if (name.startsWith(prefix) && name.endsWith(".id")) taken.add(into[name]!);
  const next = (rows: number[]) => (rows.length ? rows[rows.length - 1]! + 1 : 0);
  const sla = next(rowsOf(into, b, "slas"));
  const contingent = next(rowsOf(into, b, "contingent"));
  for (let i = 0; i < (what.slas ?? 0); i++) slaFields(into, b, sla + i, { id: nextId(taken, "sla") }, false);
  for (let i = 0; i < (what.contingent ?? 0); i++) contingentFields(into, b, contingent + i, { id: nextId(taken, "clause") });
  return into;
}

/**
 * The fields of a saved draft: one column per bundle slot in the RFP's order, the RFP's
 * required SLAs first (pre-filled with what the RFP requires), then the vendor's other SLAs
 * and its contingent clauses. A blank SLA or clause to type a new one into is added on
 * demand (`addBlankRows`): the page renders only what the draft holds.
 */
export function draftToGridFields(draft: BidDraft | null, definition: Definition): GridFields {
  const fields: GridFields = {};
  const decimals = currencyDecimals(definition.basics.currency);
  definition.bundleSlots.forEach((slot, b) => {
    const bundle = draft?.bundles.find((x) => x.slotId === slot.id);
    fields[slotField(b)] = slot.id;
    for (const issue of definition.termSheet) {
      const value = bundle && Object.hasOwn(bundle.values, issue.id) ? bundle.values[issue.id] : undefined; // ids such as "constructor" are own keys only
      fields[valueField(b, issue.id)] =
        value === null || value === undefined ? "" : issue.kind === "money" && typeof value === "number" ? minorToMajor(value, decimals) : String(value);
    }
    const slas = bundle?.clauses.slas ?? [];
    const used = new Set<number>();
    let row = 0;
    for (const req of definition.sla.slas) {
      const index = slas.findIndex((s, i) => !used.has(i) && normaliseMetric(s.metric) === normaliseMetric(req.metric));
      if (index >= 0) used.add(index);
      const offered = index >= 0 ? slas[index]! : undefined;
      // Metric, unit and direction are the RFP's, so the clause check can compare the target.
      slaFields(fields, b, row++, {
        ...offered,
        id: offered?.id ?? `req-${normaliseMetric(req.metric).replace(/[^a-z0-9]+/g, "-")}`,
        metric: req.metric,
        unit: req.unit,
        direction: req.direction,
        window: offered ? offered.window : req.window,
        verificationSource: offered ? offered.verificationSource : req.verificationSource,
      }, true);
    }
    slas.forEach((sla, i) => {
      if (!used.has(i)) slaFields(fields, b, row++, sla, false);
    });
    (bundle?.clauses.contingentClauses ?? []).forEach((clause, c) => contingentFields(fields, b, c, clause));
    const terms = bundle?.clauses.contractTerms;
    fields[termsField(b, "autoRenewal")] = flag(terms?.autoRenewal);
    fields[termsField(b, "renewalNoticeDays")] = num(terms?.renewalNoticeDays);
    fields[termsField(b, "terminationRight")] = flag(terms?.terminationRight);
    fields[termsField(b, "transitionMonths")] = num(terms?.transitionAssistance?.months);
    fields[termsField(b, "transitionScope")] = txt(terms?.transitionAssistance?.scope);
    fields[termsField(b, "creditCap")] = num(terms?.creditCapPercentOfTotalFees);
  });
  return fields;
}

// ── Fields → draft ──────────────────────────────────────────────────────────────────────

/** Every string entry of a posted form (files and unknown shapes are ignored). */
export function formDataToFields(formData: { entries(): IterableIterator<[string, unknown]> } | Iterable<[string, unknown]>): GridFields {
  const fields: GridFields = {};
  const entries = Symbol.iterator in formData ? (formData as Iterable<[string, unknown]>) : (formData as { entries(): IterableIterator<[string, unknown]> }).entries();
  for (const [name, value] of entries) {
    if (typeof value === "string" && name.startsWith("bundles.")) fields[name] = value;
  }
  return fields;
}

type Parsed = { ok: true; draft: BidDraft } | { ok: false; errors: GridErrors };

/** Rows a bundle's grid may post per group, spare blank rows included (issue #10, item 2). */
export const MAX_GRID_ROWS = { slas: MAX_SLAS_PER_BUNDLE + 20, contingent: MAX_CONTINGENT_CLAUSES + 20 } as const;
/** Fields per bundle: every key of every row, with room to spare. */
const FIELDS_PER_BUNDLE = 200 + MAX_GRID_ROWS.slas * SLA_KEYS.length + MAX_GRID_ROWS.contingent * CONTINGENT_KEYS.length;

/**
 * A post with more fields or rows than any grid has is refused before a row is read, so an
 * oversized save costs milliseconds, not seconds. null when the post fits.
 */
export function gridSizeProblem(fields: GridFields, definition: Pick<Definition, "bundleSlots" | "termSheet">): string | null {
  const names = Object.keys(fields);
  if (names.length > definition.bundleSlots.length * (FIELDS_PER_BUNDLE + definition.termSheet.length)) return "This save has far more cells than a bid grid; reload the bid page and save again.";
  const rows = definition.bundleSlots.map(() => ({ slas: new Set<string>(), contingent: new Set<string>() }));
  for (const name of names) {
    const match = /^bundles\.(\d{1,3})\.(slas|contingent)\.(\d{1,9})\./.exec(name);
    const bundle = match ? rows[Number(match[1])] : undefined;
    if (!bundle || !match) continue;
    const group = match[2] as "slas" | "contingent";
    bundle[group].add(match[3]!);
    if (bundle[group].size > MAX_GRID_ROWS[group]) {
      return group === "slas" ? `A bundle has at most ${MAX_SLAS_PER_BUNDLE} SLAs. Remove rows and save again.` : `A bundle has at most ${MAX_CONTINGENT_CLAUSES} contingent clauses. Remove rows and save again.`;
    }
  }
  return null;
}

const MAX_TEXT = 4_000;

class Reader {
  errors: GridErrors = {};
  constructor(private readonly fields: GridFields) {}
  text(name: string): string | null {
    const value = (this.fields[name] ?? "").trim();
    if (value.length > MAX_TEXT) this.fail(name, `At most ${MAX_TEXT.toLocaleString("en-GB")} characters`);
    return value === "" ? null : value;
  }
  flag(name: string): boolean {
    const value = this.fields[name];
    return value === "on" || value === "true" || value === "1";
  }
  number(name: string, rule: NumberRule = {}): number | null {
    const read = readNumber(this.fields[name] ?? "", rule);
    return read.ok ? read.value : this.fail(name, read.message);
  }
  percent(name: string): number | null {
    return this.number(name, { min: 0, max: 100, what: "a percentage from 0 to 100" });
  }
  choice<T extends string>(name: string, allowed: readonly T[], what: string): T | null {
    const value = (this.fields[name] ?? "").trim();
    if (value === "") return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.fail(name, `Choose ${what} from the list`);
  }
  fail(name: string, message: string): null {
    (this.errors[name] ??= []).push(message);
    return null;
  }
}

/** Blank = nothing typed into any field a vendor can edit (ids and pre-filled RFP values aside). */
function isBlankRow(fields: GridFields, names: string[]): boolean {
  return names.every((n) => (fields[n] ?? "").trim() === "");
}

const SLA_TYPED: SlaKey[] = ["metric", "unit", "direction", "target", "window", "source", "creditAuto", "creditPercent", "creditCap", "creditAmountJson", "holdbackPercent", "holdbackRelease", "terminationBreaches", "transitionMonths", "transitionScope"];
const CONTINGENT_TYPED: ContingentKey[] = ["metric", "unit", "comparison", "threshold", "window", "source", "periods", "remedyKind", "remedyPercent", "remedyCap", "remedyRelease", "remedyBreaches", "remedyMonths", "remedyScope"];

function readAmountJson(read: Reader, name: string, raw: string | undefined): CreditAmount | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as CreditAmount;
    return parsed && typeof parsed === "object" && "type" in parsed ? parsed : null;
  } catch {
    return read.fail(name, "The tiered credit could not be read; type a fixed percentage instead");
  }
}

/** The id a row's clause gets when its `id` field is blank or missing. */
const slaRowId = (row: number) => `sla-row-${row + 1}`;
const contingentRowId = (row: number) => `clause-row-${row + 1}`;
/** The id each remedy of an SLA gets when its own id field is blank or missing: the SLA's id with a suffix. */
const SLA_REMEDY_SUFFIX = { creditId: "credit", holdbackId: "holdback", terminationId: "termination", transitionId: "transition" } as const;
export type SlaRemedyIdKey = keyof typeof SLA_REMEDY_SUFFIX;

/**
 * The id a remedy of this SLA row is read with, as `gridFieldsToDraft` reads it: its field's,
 * or, with that field blank or missing, the one derived from the SLA's id. A field that holds
 * exactly the derived id need not be sent.
 */
export function slaRemedyId(fields: GridFields, b: number, row: number, key: SlaRemedyIdKey): string {
  return (fields[slaField(b, row, key)] ?? "").trim() || derivedSlaRemedyId(fields, b, row, key);
}

export function derivedSlaRemedyId(fields: GridFields, b: number, row: number, key: SlaRemedyIdKey): string {
  return `${(fields[slaField(b, row, "id")] ?? "").trim() || slaRowId(row)}-${SLA_REMEDY_SUFFIX[key]}`;
}

/** The contingent clause's remedy id as read: its field's, or the one derived from the clause's id. */
export function contingentRemedyId(fields: GridFields, b: number, row: number): string {
  return (fields[contingentField(b, row, "remedyId")] ?? "").trim() || derivedContingentRemedyId(fields, b, row);
}

export function derivedContingentRemedyId(fields: GridFields, b: number, row: number): string {
  return `${(fields[contingentField(b, row, "id")] ?? "").trim() || contingentRowId(row)}-remedy`;
}

function readSla(read: Reader, fields: GridFields, b: number, row: number): Sla | null {
  const f = (key: SlaKey) => slaField(b, row, key);
  const required = fields[f("required")] === "1";
  if (!required && isBlankRow(fields, SLA_TYPED.map(f))) return null;
  const id = read.text(f("id")) ?? slaRowId(row);
  const remedies: Remedy[] = [];
  const creditPercent = read.percent(f("creditPercent"));
  const creditCap = read.percent(f("creditCap"));
  const tiered = creditPercent === null ? readAmountJson(read, f("creditPercent"), fields[f("creditAmountJson")]) : null;
  const creditAuto = read.flag(f("creditAuto"));
  if (creditPercent !== null || creditCap !== null || tiered || creditAuto) {
    remedies.push({
      kind: "service_credit",
      id: read.text(f("creditId")) ?? `${id}-credit`,
      automatic: creditAuto,
      amount: tiered ?? (creditPercent !== null ? { type: "fixed", percent: creditPercent } : null),
      capPercentOfPeriodFee: creditCap,
    });
  }
  const holdbackPercent = read.percent(f("holdbackPercent"));
  const holdbackRelease = read.text(f("holdbackRelease"));
  const holdbackAfter = read.number(f("holdbackAfter"), { integer: true, min: 1, what: "the period after which it is released" });
  if (holdbackPercent !== null || holdbackRelease !== null) {
    remedies.push({ kind: "holdback", id: read.text(f("holdbackId")) ?? `${id}-holdback`, percentOfFees: holdbackPercent, releaseCondition: holdbackRelease, releaseAfterPeriod: holdbackAfter });
  }
  const breaches = read.number(f("terminationBreaches"), { integer: true, min: 1, what: "the number of breaches" });
  if (breaches !== null) {
    remedies.push({ kind: "termination_right", id: read.text(f("terminationId")) ?? `${id}-termination`, breachesToTrigger: breaches, consecutive: read.flag(f("terminationConsecutive")), description: read.text(f("terminationDescription")) });
  }
  const months = read.number(f("transitionMonths"), { min: 0, what: "the months of transition assistance" });
  const scope = read.text(f("transitionScope"));
  if (months !== null || scope !== null) {
    remedies.push({ kind: "transition_assistance", id: read.text(f("transitionId")) ?? `${id}-transition`, months, scope });
  }
  return {
    id,
    metric: read.text(f("metric")),
    unit: read.text(f("unit")),
    direction: read.choice(f("direction"), DIRECTIONS, "whether higher or lower is better"),
    target: read.number(f("target"), { what: "the target as a number" }),
    window: read.choice(f("window"), MEASUREMENT_WINDOWS, "the measurement window"),
    verificationSource: read.text(f("source")),
    remedies,
  };
}

function readPeriods(read: Reader, name: string, raw: string | undefined): number[] | null {
  const parts = (raw ?? "").split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const periods = parts.map(Number);
  if (periods.some((p) => !Number.isInteger(p) || p < 1)) return read.fail(name, "List the periods as whole numbers, e.g. 2, 3");
  return periods;
}

function readContingent(read: Reader, fields: GridFields, b: number, row: number): ContingentClause | null {
  const f = (key: ContingentKey) => contingentField(b, row, key);
  if (isBlankRow(fields, CONTINGENT_TYPED.map(f))) return null;
  const id = read.text(f("id")) ?? contingentRowId(row);
  const kind = read.choice(f("remedyKind"), REMEDY_KINDS, "the remedy");
  const remedyId = read.text(f("remedyId")) ?? `${id}-remedy`;
  const percent = read.percent(f("remedyPercent"));
  let remedy: Remedy | null = null;
  switch (kind) {
    case "service_credit":
      remedy = { kind, id: remedyId, automatic: read.flag(f("remedyAuto")), amount: percent !== null ? { type: "fixed", percent } : null, capPercentOfPeriodFee: read.percent(f("remedyCap")) };
      break;
    case "holdback":
      remedy = { kind, id: remedyId, percentOfFees: percent, releaseCondition: read.text(f("remedyRelease")), releaseAfterPeriod: null };
      break;
    case "termination_right":
      remedy = { kind, id: remedyId, breachesToTrigger: read.number(f("remedyBreaches"), { integer: true, min: 1, what: "the number of breaches" }), consecutive: false, description: null };
      break;
    case "transition_assistance":
      remedy = { kind, id: remedyId, months: read.number(f("remedyMonths"), { min: 0, what: "the months of transition assistance" }), scope: read.text(f("remedyScope")) };
      break;
  }
  return {
    id,
    metric: read.text(f("metric")),
    unit: read.text(f("unit")),
    comparison: read.choice(f("comparison"), COMPARISONS, "how the metric crosses the threshold"),
    threshold: read.number(f("threshold"), { what: "the threshold as a number" }),
    window: read.choice(f("window"), MEASUREMENT_WINDOWS, "the measurement window"),
    periods: readPeriods(read, f("periods"), fields[f("periods")]),
    verificationSource: read.text(f("source")),
    remedy,
  };
}

/** Ids unique within the bundle: a copied or re-typed row must not alias another's findings. */
function uniqueIds<T extends { id: string }>(items: T[], taken: Set<string>): T[] {
  return items.map((item) => {
    if (!taken.has(item.id)) {
      taken.add(item.id);
      return item;
    }
    const id = nextId(taken, item.id);
    return { ...item, id };
  });
}

/**
 * The typed fields as a draft, or every field that cannot be read with its message. Blank
 * cells are fine (a draft may be half-filled); what is typed must be of the cell's type.
 */
export function gridFieldsToDraft(fields: GridFields, definition: Definition): Parsed {
  const tooMany = gridSizeProblem(fields, definition);
  if (tooMany) return { ok: false, errors: { form: [tooMany] } };
  const read = new Reader(fields);
  const bundles = definition.bundleSlots.map((slot, b) => {
    const values = Object.create(null) as Record<string, number | string | null>; // keyed by issue ids, "__proto__" included
    for (const issue of definition.termSheet) {
      const name = valueField(b, issue.id);
      const raw = (fields[name] ?? "").trim();
      if (raw === "") {
        values[issue.id] = null;
        continue;
      }
      switch (issue.kind) {
        case "money": {
          const amount = readAmount(raw, definition.basics.currency);
          values[issue.id] = amount.ok ? amount.minor : read.fail(name, amount.message);
          break;
        }
        case "number":
          values[issue.id] = read.number(name, { what: `a number (${issue.unit})`, min: issue.min ?? undefined, max: issue.max ?? undefined, integer: issue.integer ?? false });
          break;
        case "choice":
          values[issue.id] = issue.options.some((o) => o.id === raw) ? raw : read.fail(name, "Choose one of the options");
          break;
        case "text":
          values[issue.id] = read.text(name);
          break;
      }
    }
    const taken = new Set<string>();
    const slas = uniqueIds(rowsOf(fields, b, "slas").map((row) => readSla(read, fields, b, row)).filter((s): s is Sla => s !== null), taken);
    const contingentClauses = uniqueIds(rowsOf(fields, b, "contingent").map((row) => readContingent(read, fields, b, row)).filter((c): c is ContingentClause => c !== null), taken);
    const months = read.number(termsField(b, "transitionMonths"), { min: 0, what: "the months of transition assistance" });
    const scope = read.text(termsField(b, "transitionScope"));
    return {
      slotId: slot.id,
      values,
      clauses: {
        slas,
        contingentClauses,
        contractTerms: {
          autoRenewal: read.flag(termsField(b, "autoRenewal")),
          renewalNoticeDays: read.number(termsField(b, "renewalNoticeDays"), { integer: true, min: 0, what: "the notice in whole days" }),
          terminationRight: read.flag(termsField(b, "terminationRight")),
          transitionAssistance: months !== null || scope !== null ? { months, scope } : null,
          creditCapPercentOfTotalFees: read.percent(termsField(b, "creditCap")),
        },
      },
    };
  });
  if (Object.keys(read.errors).length > 0) return { ok: false, errors: read.errors };
  const parsed = bidDraftSchema.safeParse({ bundles });
  if (!parsed.success) {
    const errors: GridErrors = {};
    for (const issue of parsed.error.issues) (errors["form"] ??= []).push(readableProblem(issue));
    return { ok: false, errors };
  }
  return { ok: true, draft: parsed.data };
}

/** Bundle `from`'s cells and clauses typed into bundle `to` (its slot stays its own). */
export function copyBundleFields(fields: GridFields, from: number, to: number): GridFields {
  const out: GridFields = {};
  const toPrefix = `bundles.${to}.`;
  const fromPrefix = `bundles.${from}.`;
  for (const [name, value] of Object.entries(fields)) {
    if (!name.startsWith(toPrefix) || name === slotField(to)) out[name] = value;
  }
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith(fromPrefix) && name !== slotField(from)) out[toPrefix + name.slice(fromPrefix.length)] = value;
  }
  return out;
}

// ── Engine paths and findings → fields ──────────────────────────────────────────────────

const SLA_PATH_KEYS: Record<string, SlaKey> = { metric: "metric", unit: "unit", direction: "direction", target: "target", window: "window", verificationSource: "source" };
const REMEDY_PATH_KEYS: Record<Remedy["kind"], Record<string, SlaKey>> = {
  service_credit: { automatic: "creditAuto", amount: "creditPercent", capPercentOfPeriodFee: "creditCap", "": "creditPercent" },
  holdback: { percentOfFees: "holdbackPercent", releaseCondition: "holdbackRelease", releaseAfterPeriod: "holdbackAfter", "": "holdbackPercent" },
  termination_right: { breachesToTrigger: "terminationBreaches", "": "terminationBreaches" },
  transition_assistance: { months: "transitionMonths", scope: "transitionScope", "": "transitionMonths" },
};
const CONTINGENT_PATH_KEYS: Record<string, ContingentKey> = { metric: "metric", unit: "unit", comparison: "comparison", threshold: "threshold", window: "window", verificationSource: "source", periods: "periods" };
const CONTINGENT_REMEDY_KEYS: Record<string, ContingentKey> = { automatic: "remedyAuto", amount: "remedyPercent", percentOfFees: "remedyPercent", capPercentOfPeriodFee: "remedyCap", releaseCondition: "remedyRelease", breachesToTrigger: "remedyBreaches", months: "remedyMonths", scope: "remedyScope", "": "remedyKind" };
const TERMS_PATH_KEYS: Record<string, TermsKey> = { autoRenewal: "autoRenewal", renewalNoticeDays: "renewalNoticeDays", terminationRight: "terminationRight", transitionAssistance: "transitionMonths", creditCapPercentOfTotalFees: "creditCap" };

function rowWithId(fields: GridFields, b: number, group: "slas" | "contingent", id: string | undefined): number | null {
  if (!id) return null;
  const row = rowsOf(fields, b, group).find((r) => fields[`bundles.${b}.${group}.${r}.id`] === id);
  return row ?? null;
}

/**
 * The field that shows a problem the service reported by draft path (completeness, a refused
 * submission); null when it belongs to the bid as a whole. `draft` is the one the path was
 * computed on; `fields` the grid on screen, so rows are found by clause id, not position.
 */
export function fieldForPath(path: string, draft: BidDraft, fields: GridFields): string | null {
  const parts = path.split(".");
  if (parts[0] !== "bundles" || parts.length < 3) return null;
  const d = Number(parts[1]);
  const bundle = draft.bundles[d];
  if (!bundle) return null;
  // Columns follow the RFP's slot order, which the draft's order need not match.
  const b = Number(Object.entries(fields).find(([name, value]) => /^bundles\.\d+\.slotId$/.test(name) && value === bundle.slotId)?.[0].split(".")[1] ?? d);
  if (parts[2] === "values" && parts[3]) return valueField(b, parts.slice(3).join("."));
  if (parts[2] !== "clauses") return null;
  const [, , , group, index, key, ...rest] = parts;
  if (group === "slas") {
    const sla = bundle.clauses.slas[Number(index)];
    const row = rowWithId(fields, b, "slas", sla?.id);
    if (row === null || !sla) return null;
    if (key === "remedies") {
      const remedy = sla.remedies[Number(rest[0])];
      const k = remedy ? (REMEDY_PATH_KEYS[remedy.kind][rest[1] ?? ""] ?? REMEDY_PATH_KEYS[remedy.kind][""]!) : "metric";
      return slaField(b, row, k);
    }
    return slaField(b, row, SLA_PATH_KEYS[key ?? ""] ?? "metric");
  }
  if (group === "contingentClauses") {
    const clause = bundle.clauses.contingentClauses[Number(index)];
    const row = rowWithId(fields, b, "contingent", clause?.id);
    if (row === null) return null;
    if (key === "remedy") return contingentField(b, row, CONTINGENT_REMEDY_KEYS[rest[0] ?? ""] ?? "remedyKind");
    return contingentField(b, row, CONTINGENT_PATH_KEYS[key ?? ""] ?? "metric");
  }
  if (group === "contractTerms") return termsField(b, TERMS_PATH_KEYS[index ?? ""] ?? "creditCap");
  return null;
}

/** Problems by path → messages by field; those without a field go to "form". */
export function errorsForPaths(problems: readonly { path: string; message: string }[], draft: BidDraft, fields: GridFields): GridErrors {
  const errors: GridErrors = {};
  for (const p of problems) (errors[fieldForPath(p.path, draft, fields) ?? "form"] ??= []).push(p.message);
  return errors;
}

export interface PlacedFindings {
  /** By SLA row of the grid. */
  slas: Map<number, ClauseFinding[]>;
  contingent: Map<number, ClauseFinding[]>;
  /** Bundle-level (missing required SLA, termination, renewal, transition at exit). */
  bundle: ClauseFinding[];
}

/** Each finding beside the clause it is about: an SLA, one of its remedies, or a contingent clause. */
export function placeFindings(findings: readonly ClauseFinding[], fields: GridFields, b: number, rows: { slas: readonly number[]; contingent: readonly number[] } = { slas: rowsOf(fields, b, "slas"), contingent: rowsOf(fields, b, "contingent") }): PlacedFindings {
  const owner = new Map<string, ["slas" | "contingent", number]>();
  // Remedy ids as the draft was read: a field left out (or blank) stands for the derived id.
  for (const row of rows.slas) {
    const id = fields[slaField(b, row, "id")];
    if (id) owner.set(id, ["slas", row]);
    for (const key of ["creditId", "holdbackId", "terminationId", "transitionId"] as const) owner.set(slaRemedyId(fields, b, row, key), ["slas", row]);
  }
  for (const row of rows.contingent) {
    const id = fields[contingentField(b, row, "id")];
    if (id) owner.set(id, ["contingent", row]);
    owner.set(contingentRemedyId(fields, b, row), ["contingent", row]);
  }
  const placed: PlacedFindings = { slas: new Map(), contingent: new Map(), bundle: [] };
  for (const finding of findings) {
    const at = finding.clauseId ? owner.get(finding.clauseId) : undefined;
    if (!at) {
      placed.bundle.push(finding);
      continue;
    }
    const map = placed[at[0]];
    map.set(at[1], [...(map.get(at[1]) ?? []), finding]);
  }
  return placed;
}
