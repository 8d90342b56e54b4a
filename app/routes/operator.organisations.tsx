// The platform operator's page: every organisation with how many users and RFPs it has.
// Nothing of any organisation's work (RFP contents, bids, confidential figures) is read here.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { runtime } from "~/runtime.server";
import { listOrganisationsForOperator } from "~/services/administration.server";
import { orRespond } from "~/web/errors.server";
import { requireActor } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Organisations · Pareto" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const operator = await requireActor(request, context, "manage:organisation:any");
  const { database } = await runtime();
  const organisations = await orRespond(listOrganisationsForOperator(database.db, operator));
  return json({ organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind, createdAt: o.created_at, users: o.users, rfps: o.rfps })) });
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisations</h1>
      <p className="hint">As the platform operator you see every organisation and its size; each organisation's admin manages its own users.</p>
      <section className="panel" aria-labelledby="organisations-title">
        <h2 id="organisations-title">All organisations ({organisations.length})</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Users</th><th scope="col">RFPs</th><th scope="col">Since</th></tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td><td>{o.kind === "buyer" ? "Buyer" : "Vendor"}</td><td>{o.users}</td><td>{o.kind === "buyer" ? o.rfps : "—"}</td>
                  <td className="mono">{new Date(o.createdAt).toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
