import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LocalTime } from "~/components/local-time";
import { auditFiltersSchema, presentAuditView, type AuditValue } from "~/domain/audit-view";
import { runtime } from "~/runtime.server";
import { readAuditTrail } from "~/services/administration.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Audit trail · Pareto" }];

/** `before` is an event id: digits only, within a safe integer; anything else is a bad request. */
function beforeParam(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get("before");
  if (raw === null || raw === "") return undefined;
  const value = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Response("`before` must be an event number: a whole number from 1 up.", { status: 400, statusText: "Bad Request" });
  return value;
}

// Tenancy: an admin reads its own organisation's events, with confidential fields withheld.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireActor(request, context, "read:audit:own");
  const before = beforeParam(request);
  const params = new URL(request.url).searchParams;
  const parsed = auditFiltersSchema.safeParse({ actor: params.get("actor"), action: params.get("action"), rfp: params.get("rfp") });
  if (!parsed.success) throw new Response(parsed.error.issues[0]!.message, { status: 400, statusText: "Bad Request" });
  const { database } = await runtime();
  const trail = await orRespond(readAuditTrail(database.db, admin, before, parsed.data, { verify: params.get("verify") === "chain" }));
  // Only what the page shows goes to it: each event's readable rows (the first SHOWN of each kind), not its raw data or hash.
  const events = trail.events.map(({ view, ...e }) => ({
    id: e.id,
    occurred_at: e.occurred_at,
    actor_email: e.actor_email,
    actor_ip: e.actor_ip,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    view: { changes: view.changes.slice(0, SHOWN), facts: view.facts.slice(0, SHOWN) },
    long: view.changes.length > SHOWN || view.facts.length > SHOWN,
  }));
  return json({ verification: trail.verification, nextBefore: trail.nextBefore, rfps: trail.rfps, names: trail.names, filters: parsed.data, events });
}

export default function AuditTrail() {
  const { events, verification, nextBefore, filters, rfps, names: namesById } = useLoaderData<typeof loader>();
  const names = new Map(Object.entries(namesById));
  // Paging keeps the filters: "Older events" is the same question, further back.
  const older = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
  if (nextBefore) older.set("before", String(nextBefore));
  const rfpTitle = new Map(rfps.map((r) => [r.id, r.reference ? `${r.title} (${r.reference})` : r.title]));
  return (
    <>
      <h1>Audit trail</h1>
      <p className="hint">The events of your organisation: its people's actions and everything done to its RFPs. Confidential figures are never shown here.</p>
      {verification ? (
        <p className={verification.ok ? "notice" : "form-error"} role="status">
          {verification.ok
            ? `Chain verified: all ${verification.checked} events link to the one before them.`
            : `Chain broken at event ${verification.brokenAt?.id}: ${verification.brokenAt?.reason}.`}
        </p>
      ) : (
        <Form method="get" className="audit-verify">
          <input type="hidden" name="verify" value="chain" />
          <p className="hint">
            Every event is chained to the one before it by its hash. Verifying reads the whole trail.{" "}
            <button type="submit" className="button button--secondary">Verify the whole chain</button>
          </p>
        </Form>
      )}
      <Form method="get" className="panel audit-filters" aria-label="Filter the audit trail">
        <div className="field">
          <label htmlFor="audit-actor">Who (email)</label>
          <input id="audit-actor" name="actor" type="email" defaultValue={filters.actor ?? ""} placeholder="buyer@city.example" />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" name="action" defaultValue={filters.action ?? ""} placeholder="rfp.published, or rfp. for all" />
        </div>
        <div className="field">
          <label htmlFor="audit-rfp">RFP</label>
          <select id="audit-rfp" name="rfp" defaultValue={filters.rfp ?? ""}>
            <option value="">Every RFP</option>
            {rfps.map((r) => <option key={r.id} value={r.id}>{rfpTitle.get(r.id)}</option>)}
          </select>
        </div>
        <button type="submit" className="button">Filter</button>
        {filters.actor || filters.action || filters.rfp ? <Link to="/admin/audit">Clear filters</Link> : null}
      </Form>
      <section className="panel">
        {events.length === 0 ? <p className="muted">No events match these filters.</p> : null}
        {/* On a phone each event is a card (.table--stack): every cell named by its column, before and after stacked. */}
        <div className="table-wrap">
          <table className="table--stack audit-trail">
            <thead>
              <tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label="Event">{e.id}</td>
                  <td data-label="When" className="audit-when"><LocalTime value={e.occurred_at} exact /></td>
                  <td data-label="Who">{e.actor_email ?? "system"}{e.actor_ip ? <span className="muted"> · {e.actor_ip}</span> : null}</td>
                  <td data-label="Action"><code>{e.action}</code></td>
                  <td data-label="Subject">{e.entity_type}{e.entity_id ? <span className="muted"> {rfpTitle.get(e.entity_id) ?? (names.has(e.entity_id) ? <span title={e.entity_id}>{names.get(e.entity_id)}</span> : <span className="mono" title={e.entity_id}>{e.entity_id.slice(0, 8)}</span>)}</span> : null}</td>
                  {e.view.changes.length || e.view.facts.length ? <td data-label="Details"><EventData view={presentAuditView(e.view, names)} long={e.long} /></td> : <td className="audit-no-details" />}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nextBefore ? <p style={{ marginTop: "1rem" }}><Link to={`?${older}`}>Older events</Link></p> : null}
      </section>
    </>
  );
}

/** Rows shown per event and kind: a created RFP holds its whole definition. */
const SHOWN = 12;

/** A recorded value as read: a moment in the portal's format (exact in its title), a known id as its name (the id in its title). */
function Value({ value }: { value: AuditValue }) {
  if (value.kind === "time") return <LocalTime value={value.iso} exact />;
  if (value.kind === "name") return <span title={value.id}>{value.name}</span>;
  return <>{value.text}</>;
}

/** What changed (before → after) and the event's other facts, as readable rows. */
function EventData({ view, long }: { view: ReturnType<typeof presentAuditView>; long: boolean }) {
  return (
    <>
      {view.changes.length ? (
        <table className="audit-diff">
          <caption className="sr-only">Before and after</caption>
          <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
          <tbody>
            {view.changes.map((c) => (
              <tr key={c.field}><th scope="row" className="mono">{c.field}</th><td data-label="Before"><Value value={c.before} /></td><td data-label="After"><Value value={c.after} /></td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {view.facts.length ? (
        <dl className="facts">
          {view.facts.map((f) => (
            <div key={f.field}><dt className="mono">{f.field}</dt><dd><Value value={f.value} /></dd></div>
          ))}
        </dl>
      ) : null}
      {long ? (
        <p className="hint">Long event: the first {SHOWN} fields of each kind are shown; <code>npm run audit:verify</code> and the database hold them all.</p>
      ) : null}
    </>
  );
}
