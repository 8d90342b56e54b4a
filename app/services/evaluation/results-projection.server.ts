// Writes the results projection of a snapshot (migration 0006): at snapshot time inside
// runEvaluation's transaction, or on first read for a snapshot stored before the projection
// existed. The frontier is computed among gate-passing bundles; the protection figure is the
// standard breach scenario's payout with the bundle's period fee.
import { insertSnapshotProjection } from "../../../db/queries/evaluation-snapshot-bundles";
import type { Executor } from "../../../db/queries/executor";
import type { RoundEvaluation, RoundInput } from "../../domain/evaluation";
import { paretoFrontier } from "../../domain/evaluation-results/frontier";
import { projectSnapshot, type ProjectionTools } from "../../domain/evaluation-results/projection";
import { protectionFigure } from "../../domain/evaluation-results/protection";

export function projectionTools(input: Pick<RoundInput, "currency" | "minorUnitsPerMajor">): ProjectionTools {
  return {
    paretoFrontier,
    protectionFigure(clauses, periodFeeMinor) {
      try {
        const f = protectionFigure(clauses, periodFeeMinor, { currency: input.currency, minorUnitsPerMajor: input.minorUnitsPerMajor });
        // The full simulation stays out of the stored row: the bundle page's simulator recomputes what it needs.
        return { totalMinor: f.totalMinor, periods: f.periods, description: f.description };
      } catch {
        return null;
      }
    },
  };
}

export async function writeSnapshotProjection(db: Executor, snapshotId: string, input: RoundInput, evaluation: RoundEvaluation): Promise<void> {
  await insertSnapshotProjection(db, snapshotId, projectSnapshot(input, evaluation, projectionTools(input)));
}
