// The RFP's dates, each in the reader's own time zone.
import { LocalTime } from "~/components/local-time";

interface Timeline {
  questionsCloseAt: string | Date | null;
  bidsCloseAt: string | Date | null;
  bidValidityDays: number | null;
}

export function TimelineList({ timeline }: { timeline: Timeline }) {
  return (
    <dl className="facts">
      <dt>Questions close</dt>
      <dd>{timeline.questionsCloseAt ? <LocalTime value={timeline.questionsCloseAt} /> : timeline.bidsCloseAt ? <>At the bid deadline</> : <span className="muted">not set</span>}</dd>
      <dt>Bids close (deadline)</dt>
      <dd><LocalTime value={timeline.bidsCloseAt} /></dd>
      <dt>Bid validity</dt>
      <dd>{timeline.bidValidityDays !== null ? `${timeline.bidValidityDays} days` : <span className="muted">not stated</span>}</dd>
    </dl>
  );
}
