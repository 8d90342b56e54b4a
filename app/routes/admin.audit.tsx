import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { runtime } from "~/runtime.server";
import { readAuditTrail } from "~/services/administration.server";
import { requirePermission } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Audit trail · Pareto" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:audit:any");
  const before = Number(new URL(request.url).searchParams.get("before"));
  const { database } = await runtime();
  return json(await readAuditTrail(database.db, Number.isInteger(before) && before > 0 ? before : undefined));
}

export default function AuditTrail() {
  const { events, verification, nextBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit trail</h1>
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
