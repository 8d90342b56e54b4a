// The link in an invitation email. A signed-in vendor sees what it is invited to and accepts
// with a button (a POST: following a link never changes anything); a visitor is told what it
// is and sent to sign in or register, then brought back here. Only the invited address's
// account, or a colleague of an existing account with that address, may accept.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { runtime } from "~/runtime.server";
import type { Account } from "~/services/sign-in.server";
import { acceptInvitation, readInvitation } from "~/services/rfps/index.server";
import { orRespond } from "~/web/errors.server";
import { requestMeta } from "~/web/request.server";
import { getAccount, requireAccount } from "~/web/session.server";

export const meta: MetaFunction = () => [{ title: "Invitation to bid · Pareto" }];

// Said here rather than by the service's generic refusal: the person most likely opened the
// vendor's link while signed in with a buyer-side account on the same browser.
function refuseBuyerSide(account: Account): void {
  if (account.organisation.kind !== "vendor") {
    throw new Response(
      `This invitation is for a vendor organisation, and you are signed in as ${account.email} of ${account.organisation.name}. Sign out, then open the link again and sign in with a vendor account.`,
      { status: 403, statusText: "Forbidden" },
    );
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const account = await getAccount(request, context);
  const here = new URL(request.url).pathname;
  if (!account) return json({ redirectTo: here, invitation: null });
  refuseBuyerSide(account);
  const { database } = await runtime();
  const invitation = await orRespond(readInvitation(database.db, params.token ?? "", { ...account, ip: requestMeta(request, context).ip }));
  return json({ redirectTo: here, invitation: { ...invitation, organisation: account.organisation.name } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const account = await requireAccount(request);
  refuseBuyerSide(account);
  const { database } = await runtime();
  const { rfpId } = await orRespond(acceptInvitation(database.db, params.token ?? "", { ...account, ip: requestMeta(request, context).ip }));
  throw redirect(`/opportunities/${rfpId}`);
}

export default function Invitation() {
  const { redirectTo, invitation } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if (invitation) {
    return (
      <section className="panel panel--narrow" aria-labelledby="invitation-title">
        <h1 id="invitation-title">You are invited to bid</h1>
        <p>
          {invitation.buyer} invited {invitation.email} to bid on <strong>{invitation.title || "an RFP"}</strong>
          {invitation.reference ? ` (${invitation.reference})` : ""}.
        </p>
        <p>
          {invitation.accepted
            ? `${invitation.organisation} has accepted this invitation.`
            : `Accepting links ${invitation.organisation} to the RFP: you can then read it, ask questions and bid.`}
        </p>
        <Form method="post">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {invitation.accepted ? "Open the RFP" : "Accept the invitation"}
          </button>
        </Form>
      </section>
    );
  }
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
        Sign in with the invited email address, or with a colleague's account if that address already has one in your organisation;
        otherwise register with the invited address (it takes a minute). Either way you come back to this invitation to accept it.
      </p>
    </section>
  );
}
