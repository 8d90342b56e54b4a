// The RFP's dates, each in the reader's own time zone.
import { LocalTime } from "~/components/local-time";

interface Timeline {
  questionsCloseAt: string | Date | null;
  bidsCloseAt: string | Date | null;
  bidValidityDays: number | null;
}

/** A BAFO round after round 1: its number and deadline. */
interface LaterRound {
  round: number;
  bidsCloseAt: string | Date | null;
}

/** The RFP's dates; `laterRound` (a BAFO round the reader takes part in or runs) adds its deadline after round 1's. */
export function TimelineList({ timeline, laterRound }: { timeline: Timeline; laterRound?: LaterRound | null }) {
  const later = laterRound && laterRound.round > 1 ? laterRound : null;
  return (
    <dl className="facts">
      <dt>Questions close</dt>
      <dd>{timeline.questionsCloseAt ? <LocalTime value={timeline.questionsCloseAt} /> : timeline.bidsCloseAt ? <>At the bid deadline</> : <span className="muted">not set</span>}</dd>
      <dt>{later ? "Round 1 bids close" : "Bids close (deadline)"}</dt>
      <dd><LocalTime value={timeline.bidsCloseAt} /></dd>
      {later ? (
        <>
          <dt>Round {later.round} (BAFO) closes</dt>
          <dd><LocalTime value={later.bidsCloseAt} /></dd>
        </>
      ) : null}
      <dt>Bid validity</dt>
      <dd>{timeline.bidValidityDays !== null ? `${timeline.bidValidityDays} days` : <span className="muted">not stated</span>}</dd>
    </dl>
  );
}
