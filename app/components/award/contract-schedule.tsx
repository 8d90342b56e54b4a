// The winner's contract schedule: each SLA of the awarded bundle with its remedies (trigger,
// period, amount rule, cap; holdbacks with their release condition), then the other clauses.
// Lists rather than a wide table, so it reads on a phone without sideways scrolling.
import type { ContractSchedule, ContractScheduleRemedy } from "~/domain/award/types";

function RemedyFacts({ remedy }: { remedy: ContractScheduleRemedy }) {
  return (
    <li className="schedule-remedy">
      <h5>{remedy.kind}</h5>
      <dl className="facts">
        <dt>Trigger</dt>
        <dd>{remedy.trigger}</dd>
        <dt>Period</dt>
        <dd>{remedy.period}</dd>
        <dt>Amount rule</dt>
        <dd>{remedy.amountRule}</dd>
        <dt>Cap</dt>
        <dd>{remedy.cap ?? <span className="muted">none stated</span>}</dd>
        {remedy.releaseCondition !== null ? (
          <>
            <dt>Release condition</dt>
            <dd>{remedy.releaseCondition}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function ContractScheduleView({ schedule }: { schedule: ContractSchedule }) {
  return (
    <section className="contract-schedule" aria-labelledby="schedule-title">
      <h3 id="schedule-title">Contract schedule: {schedule.slotName}</h3>
      <p className="hint">The service levels and remedies of your awarded bundle, as they will apply under the contract.</p>
      {schedule.slas.length === 0 ? <p className="muted">The awarded bundle offers no SLA.</p> : null}
      {schedule.slas.map((sla, i) => (
        <article key={i} className="schedule-sla" aria-labelledby={`schedule-sla-${i}`}>
          <h4 id={`schedule-sla-${i}`}>{sla.metric}: {sla.target} {sla.window}</h4>
          <p className="hint">Verified from {sla.verification}.</p>
          {sla.remedies.length === 0 ? <p className="muted">No remedy.</p> : <ul className="plain-list">{sla.remedies.map((r, j) => <RemedyFacts key={j} remedy={r} />)}</ul>}
        </article>
      ))}
      <article className="schedule-sla" aria-labelledby="schedule-other">
        <h4 id="schedule-other">Other clauses and contract terms</h4>
        <ul className="plain-list">{schedule.otherClauses.map((r, j) => <RemedyFacts key={j} remedy={r} />)}</ul>
      </article>
    </section>
  );
}
