// The winner's contract schedule: the commercial terms of the awarded bundle, each SLA (target
// and how it is measured) with its remedies, then the other clauses; each clause with the fields
// its kind has, as label–value pairs. Lists rather than a wide table, so it reads on a phone
// without sideways scrolling.
import { Fragment } from "react";
import type { ContractSchedule, ContractScheduleClause, ScheduleFact } from "~/domain/award/types";

function Facts({ facts }: { facts: readonly ScheduleFact[] }) {
  return (
    <dl className="facts">
      {facts.map((f) => (
        <Fragment key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Clause({ clause }: { clause: ContractScheduleClause }) {
  return (
    <li className="schedule-remedy">
      <h5>{clause.kind}</h5>
      <Facts facts={clause.facts} />
    </li>
  );
}

export function ContractScheduleView({ schedule }: { schedule: ContractSchedule }) {
  return (
    <section className="contract-schedule" aria-labelledby="schedule-title">
      <h3 id="schedule-title">Contract schedule: {schedule.slotName}</h3>
      <p className="hint">The terms of your awarded bundle as they will apply under the contract: its commercial terms, service levels and remedies.</p>
      <article className="schedule-sla" aria-labelledby="schedule-terms">
        <h4 id="schedule-terms">Commercial terms</h4>
        {schedule.commercialTerms.length === 0 ? <p className="muted">The evaluation holds no term sheet for this bundle.</p> : <Facts facts={schedule.commercialTerms} />}
      </article>
      {schedule.slas.length === 0 ? <p className="muted">The awarded bundle offers no SLA.</p> : null}
      {schedule.slas.map((sla, i) => (
        <article key={i} className="schedule-sla" aria-labelledby={`schedule-sla-${i}`}>
          <h4 id={`schedule-sla-${i}`}>{sla.heading}</h4>
          <p className="hint">Verified from {sla.verification}.</p>
          {sla.remedies.length === 0 ? <p className="muted">No remedy.</p> : <ul className="plain-list">{sla.remedies.map((r, j) => <Clause key={j} clause={r} />)}</ul>}
        </article>
      ))}
      <article className="schedule-sla" aria-labelledby="schedule-other">
        <h4 id="schedule-other">Other clauses and contract terms</h4>
        <ul className="plain-list">{schedule.otherClauses.map((r, j) => <Clause key={j} clause={r} />)}</ul>
      </article>
    </section>
  );
}
