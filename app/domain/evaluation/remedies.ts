/**
 * The remedy simulator wired to a round: "had this bundle been in force, what would these
 * observed figures have paid out?" Observations come per bundle in `input.simulation`.
 */
import type { ClauseFinding } from "./clauses";
import { ownValue } from "./price";
import { simulateRemedies, type RemedySimulation } from "./remedy-simulator";
import type { RoundInput } from "./schema";

export interface RemedyRunReport {
  vendorId: string;
  slotId: string;
  periodFeeMinor: number;
  /** null when the simulation could not run (the reason is in `error`). */
  simulation: RemedySimulation | null;
  findings: ClauseFinding[];
  error: string | null;
}

export function simulateRoundRemedies(input: RoundInput): RemedyRunReport[] {
  const sim = input.simulation;
  if (!sim) return [];
  return sim.runs.map((run) => {
    const vendor = input.vendors.find((v) => v.id === run.vendorId);
    const bundle = vendor?.bundles.find((b) => b.slotId === run.slotId);
    const feeFromIssue = sim.periodFeeIssueId === undefined ? undefined : bundle === undefined ? undefined : ownValue(bundle.values, sim.periodFeeIssueId);
    const periodFeeMinor = run.periodFeeMinor ?? (typeof feeFromIssue === "number" ? feeFromIssue : 0);
    const base = { vendorId: run.vendorId, slotId: run.slotId, periodFeeMinor };
    if (!bundle) return { ...base, simulation: null, findings: [], error: "no such bundle" };
    try {
      const simulation = simulateRemedies(bundle.clauses, run.observations, periodFeeMinor);
      return { ...base, simulation, findings: simulation.findings, error: null };
    } catch (e) {
      // The schema rules out what the simulator rejects; this keeps the engine total anyway.
      return { ...base, simulation: null, findings: [], error: e instanceof Error ? e.message : String(e) };
    }
  });
}
