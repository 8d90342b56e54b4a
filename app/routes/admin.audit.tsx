import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  const { database } = await runtime();
  return json(await orRespond(readAuditTrail(database.db, admin, before)));
}

export default function AuditTrail() {
  const { events, verification, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit trail</h1>
      <p className="hint">The events of your organisation: its people's actions and everything done to its RFPs. Confidential figures are never shown here.</p>
      <p className={verification.ok ? "notice" : "form-error"} role="status">
        {verification.ok
          ? `Chain verified: all ${verification.checked} events link to the one before them.`
          : `Chain broken at event ${verification.brokenAt?.id}: ${verification.brokenAt?.reason}.`}
      </p>
      <section className="panel">
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">#</th><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{e.id}</td>
                  <td className="mono">{new Date(e.occurred_at).toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>{e.actor_email ?? "system"}{e.actor_ip ? <span className="muted"> · {e.actor_ip}</span> : null}</td>
                  <td><code>{e.action}</code></td>
                  <td>{e.entity_type}{e.entity_id ? <span className="muted mono"> {e.entity_id.slice(0, 8)}</span> : null}</td>
                  <td className="mono">{JSON.stringify(e.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {nextBefore ? <p style={{ marginTop: "1rem" }}><Link to={`?before=${nextBefore}`}>Older events</Link></p> : null}
      </section>
    </>
  );
}
