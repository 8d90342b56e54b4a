// A panel evaluator's waiting state on the evaluation pages (decision 010): not a refusal, but a
// step still to take (declare conflicts) or a moment to wait for (the chair locks the scores
// under quality before price). Pure, so the pages' components can tell it from a view too.

export interface ViewingWait {
  kind: "waiting";
  rfpId: string;
  reason: string;
  /** Where the evaluator acts meanwhile: a tab of the RFP (its path below the RFP) and the link's words. */
  action: { tab: string; label: string };
}

export const isWaiting = (view: object): view is ViewingWait => "kind" in view && view.kind === "waiting";
