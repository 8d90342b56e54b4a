// Sensitivity in words (issue 12, item 6): the leader against the best bundle of another
// vendor, each criterion's swap weight as a sentence, the robustness label explained, the
// margin, and the rank-reversal warning of relative price formulas. Words come from
// app/domain/evaluation-results/sensitivity-words.ts; this component only renders.
import {
  SENSITIVITY_EMPTY,
  describeRankReversal,
  describeSensitivity,
  type CriterionName,
  type NameLookup,
  type RankReversalInput,
  type RankReversalWords,
  type SensitivityInput,
  type SensitivityWords,
} from "~/domain/evaluation-results/sensitivity-words";

export interface SensitivitySectionProps {
  /** The RoundEvaluation's `sensitivity` (any engine version; see sensitivity-words.ts). */
  sensitivity: SensitivityInput | null;
  /** The RoundEvaluation's `rankReversal`; null when it may not be shown (the part is left out). */
  rankReversal: RankReversalInput | null;
  names: NameLookup;
  criteria: readonly CriterionName[];
  /** Shown instead of the default sentence when `sensitivity` is null (e.g. the engine's `sensitivityNote`, or why it is hidden). */
  note?: string | null;
}

const BADGE = { robust: "badge", moderate: "badge badge--warn", fragile: "badge badge--bad" } as const;

export function SensitivitySection({ sensitivity, rankReversal, names, criteria, note = null }: SensitivitySectionProps) {
  const words = describeSensitivity(sensitivity, names, criteria);
  const reversal = rankReversal ? describeRankReversal(rankReversal, names) : null;
  return <SensitivityWordsSection words={words} reversal={reversal} note={note} />;
}

/** What the section shows of the words: each swap's sentence only (a loader sends no more). */
export type SensitivityWordsShown = Omit<SensitivityWords, "swaps"> & { swaps: Pick<SensitivityWords["swaps"][number], "criterionId" | "mostSensitive" | "text">[] };

/** The same section from words already made (a loader can send these sentences instead of the engine's reports). */
export function SensitivityWordsSection({ words, reversal, note = null }: { words: SensitivityWordsShown | null; reversal: RankReversalWords | null; note?: string | null }) {
  return (
    <section className="panel sensitivity-section" aria-labelledby="sensitivity-title">
      <h2 id="sensitivity-title">How sensitive is the result to the weights?</h2>
      {words === null ? (
        <p className="empty">{note || SENSITIVITY_EMPTY}</p>
      ) : (
        <>
          <p className="lead">{words.headline}</p>
          <p>{words.margin}</p>
          <p>
            <span className={BADGE[words.robustness.label]}>{words.robustness.title}</span> {words.robustness.explanation}
          </p>
          <h3 className="subhead">What each weight would have to be</h3>
          <p className="hint">{words.method}</p>
          <ul className="plain-list sensitivity-section__swaps">
            {words.swaps.map((s) => (
              <li key={s.criterionId}>
                {s.mostSensitive ? <strong>{s.text}</strong> : s.text}
                {s.mostSensitive ? <span className="muted"> (the smallest change)</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {reversal ? (
        <>
          <h3 className="subhead">Withdrawn bids and relative price formulas</h3>
          {reversal.warning ? (
            <div className="panel panel--warn" role="note">
              <p><strong>Warning:</strong> {reversal.summary}</p>
              {reversal.reversals.length ? (
                <ul className="plain-list">
                  {reversal.reversals.map((r) => <li key={r}>{r}</li>)}
                </ul>
              ) : null}
              {reversal.more > 0 ? <p className="muted">And {reversal.more} more reordered pair{reversal.more === 1 ? "" : "s"}.</p> : null}
            </div>
          ) : (
            <p className={reversal.applicable ? undefined : "muted"}>{reversal.summary}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
