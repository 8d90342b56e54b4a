// The MESO insight stored in an evaluation snapshot's result (`result.meso`, one entry per
// vendor), read with PostgreSQL's JSON functions so the page gets one vendor's entry, or the
// per-vendor counts, rather than the whole result text. Callers authorise.
import { sql } from "kysely";
import type { Executor } from "./executor";

export interface MesoSummaryRow {
  vendor_id: string;
  dominated: number;
  trade_offs: number;
  suggestions: number;
  best_gain: number | null;
}

/** Per vendor of the snapshot: how many dominated bundles, revealed trade-offs and suggestions, and the best suggestion's gain. */
export async function listMesoSummaries(db: Executor, snapshotId: string): Promise<MesoSummaryRow[]> {
  const { rows } = await sql<MesoSummaryRow>`
    select m->>'vendorId' as vendor_id,
           jsonb_array_length(m->'dominated')::int as dominated,
           jsonb_array_length(m->'tradeOffs')::int as trade_offs,
           jsonb_array_length(m->'suggestions')::int as suggestions,
           (select max((s->>'gain')::float8) from jsonb_array_elements(m->'suggestions') s) as best_gain
    from evaluation_snapshots e
    cross join lateral jsonb_array_elements(e.result_json::jsonb -> 'meso') m
    where e.id = ${snapshotId}::uuid`.execute(db);
  return rows.map((r) => ({ ...r, dominated: Number(r.dominated), trade_offs: Number(r.trade_offs), suggestions: Number(r.suggestions), best_gain: r.best_gain === null ? null : Number(r.best_gain) }));
}

/** One vendor's MESO insight from the snapshot (undefined when the vendor is not in it), with the result's money format. */
export async function findVendorMeso(db: Executor, snapshotId: string, vendorId: string): Promise<{ insight: unknown; currency: string; minorUnitsPerMajor: number } | undefined> {
  const { rows } = await sql<{ insight: unknown; currency: string; minor_units_per_major: number }>`
    select (select m from jsonb_array_elements(r.result -> 'meso') m where m->>'vendorId' = ${vendorId}) as insight,
           r.result->>'currency' as currency,
           (r.result->>'minorUnitsPerMajor')::int as minor_units_per_major
    from (select result_json::jsonb as result from evaluation_snapshots where id = ${snapshotId}::uuid) r`.execute(db);
  const row = rows[0];
  if (!row || row.insight === null || row.insight === undefined) return undefined;
  const insight = typeof row.insight === "string" ? (JSON.parse(row.insight) as unknown) : row.insight;
  return { insight, currency: row.currency, minorUnitsPerMajor: Number(row.minor_units_per_major) };
}

/** The revealed trade-offs of every vendor in the snapshot, by vendor id. */
export async function listMesoTradeOffs(db: Executor, snapshotId: string): Promise<Map<string, unknown[]>> {
  const { rows } = await sql<{ vendor_id: string; trade_offs: unknown }>`
    select m->>'vendorId' as vendor_id, m->'tradeOffs' as trade_offs
    from evaluation_snapshots e
    cross join lateral jsonb_array_elements(e.result_json::jsonb -> 'meso') m
    where e.id = ${snapshotId}::uuid`.execute(db);
  return new Map(rows.map((r) => [r.vendor_id, (typeof r.trade_offs === "string" ? JSON.parse(r.trade_offs) : r.trade_offs) as unknown[]]));
}
