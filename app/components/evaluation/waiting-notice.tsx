// A panel evaluator's waiting state on an evaluation page (results, MESO insight, concession
// log): why the page shows nothing yet and where to act meanwhile, answered 200 as the Award pack
// tab does, since it is a step still to take, not a permission (decision 010).
import { Link } from "@remix-run/react";

export function WaitingNotice({ title, wait }: { title: string; wait: { rfpId: string; reason: string; action: { tab: string; label: string } } }) {
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{title}</h2>
      <p className="notice">{wait.reason}</p>
      <p>
        <Link to={`/rfps/${wait.rfpId}/${wait.action.tab}`} className="button">{wait.action.label}</Link>
      </p>
    </section>
  );
}
