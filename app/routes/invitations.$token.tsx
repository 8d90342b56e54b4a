// The link in an invitation email. A signed-in vendor accepts it at once and lands on the
// RFP; a visitor is told what it is and sent to sign in or register, then brought back here
// (accepting needs an account, because it links the vendor's organisation to the RFP).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { runtime } from "~/runtime.server";
import { acceptInvitation } from "~/services/rfps/index.server";
import { orRespond } from "~/web/errors.server";
import { requestMeta } from "~/web/request.server";
import { getAccount } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Invitation to bid · Pareto" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await getAccount(request);
  const here = new URL(request.url).pathname;
  if (!account) return json({ redirectTo: here });
  // Said here rather than by the service's generic refusal: the person most likely opened the
  // vendor's link while signed in with a buyer-side account on the same browser.
  if (account.organisation.kind !== "vendor") {
    throw new Response(
      `This invitation is for a vendor organisation, and you are signed in as ${account.email} of ${account.organisation.name}. Sign out, then open the link again and sign in with a vendor account.`,
      { status: 403, statusText: "Forbidden" },
    );
  }
  const { database } = await runtime();
  const { rfpId } = await orRespond(acceptInvitation(database.db, params.token ?? "", { ...account, ip: requestMeta(request, context).ip }));
  throw redirect(`/opportunities/${rfpId}`);
}

export default function Invitation() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const back = new URLSearchParams({ redirectTo }).toString();
  return (
    <section className="panel panel--narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">You are invited to bid</h1>
      <p>
        A buyer invited your organisation to an RFP on Pareto. To read it, ask questions and bid, accept the invitation with your
        organisation's vendor account.
      </p>
      <div className="button-row">
        <Link to={`/sign-in?${back}`} className="button">Sign in</Link>
        <Link to={`/register?${back}`} className="button button--secondary">Register</Link>
      </div>
      <p className="hint" style={{ marginTop: "1rem" }}>
        Sign in if your organisation already has a vendor account; otherwise register it (it takes a minute). Either way you come back
        to this invitation, and it is accepted for your organisation.
      </p>
    </section>
  );
}
