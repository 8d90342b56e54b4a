import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { runtime } from "~/runtime.server";
import { getAccount } from "~/web/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getAccount(request, context)) throw redirect("/dashboard");
  const { config } = await runtime();
  return json({ embedded: config.embedded });
}

export default function Index() {
  const { embedded } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="panel" aria-labelledby="intro-title">
        <h1 id="intro-title">Buy better by making win-win the normal way to buy</h1>
        <p>
          Pareto is a procurement portal. Buyers publish RFPs with their evaluation criteria and weights in the open, and ask
          every vendor for three bundles at once: one optimised for cost, one for reliability, one balanced. Vendors submit
          sealed, structured bids whose service levels and remedies are data, not prose.
        </p>
        <p>
          An evaluation engine ranks every bundle, checks every service credit, holdback and contingent clause for a
          measurable trigger and an automatic remedy, shows where value can still be created in a best-and-final round, and
          exports a scored award pack.
        </p>
        <p>
          <Link to="/sign-in" className="button">Sign in</Link>{" "}
          <Link to="/register" className="button button--quiet">Register as a vendor</Link>
        </p>
      </section>
      {embedded ? (
        <p className="notice">This portal runs on its embedded demo database: sign in as <code>buyer@demo.pareto</code> with the password <code>pareto-demo</code>.</p>
      ) : null}
    </>
  );
}
