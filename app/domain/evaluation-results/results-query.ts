/**
 * The ranking page's query string, parsed with one zod schema by the route, the service and
 * the tests. Every field falls back to its default when it is missing, unknown or malformed
 * (a bookmarked or hand-edited address never answers 500); the criterion sort key is checked
 * against the snapshot's own criteria by the service.
 */
import { z } from "zod";

export const PAGE_SIZE = 50;
/** Criterion columns the ranking shows at once; more criteria are paged by `cols` (each bundle page lists them all). */
export const CRITERIA_COLUMNS = 8;
/** Gated-out bundles a page (`gpage`): the list below the ranking, so shorter than the ranking's pages. */
export const GATED_PAGE_SIZE = 20;
export const COLUMN_SORTS = ["rank", "vendor", "bundle", "total", "price", "quality", "protection", "clauses"] as const;
export type ColumnSort = (typeof COLUMN_SORTS)[number];
/** `c:<criterionId>` sorts by that criterion's points. */
export const CRITERION_SORT_PREFIX = "c:";
export const GATE_FILTERS = ["all", "pass", "fail"] as const;
export type GateFilter = (typeof GATE_FILTERS)[number];

/** The natural direction of each column: best first (rank 1, highest total, lowest price, fewest clause errors last…). */
export function defaultDirection(sort: string): "asc" | "desc" {
  if (sort.startsWith(CRITERION_SORT_PREFIX)) return "desc";
  switch (sort) {
    case "total":
    case "quality":
    case "protection":
    case "clauses":
      return "desc";
    default:
      return "asc";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

const page = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export const resultsQuerySchema = z.object({
  /** The round shown (BAFO rounds are 2, 3, …); null: the newest opened round. */
  round: z.coerce.number().int().min(1).max(99).nullable().catch(null),
  snapshot: z.string().regex(UUID).nullable().catch(null),
  vendor: z.string().regex(ID).nullable().catch(null),
  gates: z.enum(GATE_FILTERS).catch("all"),
  best: z
    .enum(["1", "true", "on", "yes"])
    .transform(() => true)
    .catch(false),
  sort: z
    .string()
    .refine((s) => (COLUMN_SORTS as readonly string[]).includes(s) || (s.startsWith(CRITERION_SORT_PREFIX) && ID.test(s.slice(CRITERION_SORT_PREFIX.length))))
    .catch("rank"),
  dir: z.enum(["asc", "desc"]).nullable().catch(null),
  page,
  gpage: page,
  /** Which page of criterion columns the ranking shows when the RFP has more criteria than fit (see CRITERIA_COLUMNS). */
  cols: page,
});
export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

const KEYS = ["round", "snapshot", "vendor", "gates", "best", "sort", "dir", "page", "gpage", "cols"] as const;
const DEFAULTS: ResultsQuery = Object.freeze(resultsQuerySchema.parse(Object.fromEntries(KEYS.map((k) => [k, null]))));

/** From a query string: the first value of each known key; anything else is ignored. */
export function parseResultsQuery(params: URLSearchParams): ResultsQuery {
  // The plain address (most views): the defaults, parsed once.
  if (params.size === 0) return { ...DEFAULTS };
  const raw: Record<string, string | null> = {};
  for (const k of KEYS) raw[k] = params.get(k);
  return resultsQuerySchema.parse(raw);
}

/** The query string for a link: defaults left out, so addresses stay short. */
export function resultsQueryString(q: ResultsQuery, change: Partial<ResultsQuery> = {}): string {
  const next = { ...q, ...change };
  const out = new URLSearchParams();
  if (next.round) out.set("round", String(next.round));
  if (next.snapshot) out.set("snapshot", next.snapshot);
  if (next.vendor) out.set("vendor", next.vendor);
  if (next.gates !== "all") out.set("gates", next.gates);
  if (next.best) out.set("best", "1");
  if (next.sort !== "rank") out.set("sort", next.sort);
  if (next.dir && next.dir !== defaultDirection(next.sort)) out.set("dir", next.dir);
  if (next.page > 1) out.set("page", String(next.page));
  if (next.gpage > 1) out.set("gpage", String(next.gpage));
  if (next.cols > 1) out.set("cols", String(next.cols));
  const s = out.toString();
  return s ? `?${s}` : "";
}
