// What a refused or failed page says: its status, a title for it, our own message for a 4xx
// answer (never a stack trace or a 5xx's detail), and for a 403 the places this account may
// use instead. The root's error boundary shows it alone; the RFP workspace's shows it under the
// RFP's header and tabs, so a refusal inside an RFP keeps the reader in that RFP.
import { Link, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "~/domain/permissions";
import type { RootData } from "~/root";
import { placesFor } from "./places";

const ERROR_TEXT: Record<number, { title: string; body: string }> = {
  400: { title: "That request could not be understood", body: "Check what you entered and try again." },
  403: { title: "You do not have access to this page", body: "Your account's role does not allow this. If you think it should, ask your organisation's administrator." },
  404: { title: "Page not found", body: "The page you asked for does not exist, or it was moved." },
  409: { title: "Not available at this stage", body: "The request conflicts with the current state of the page. Reload it and try again." },
  503: { title: "Pareto is temporarily unavailable", body: "We cannot reach the database right now. Your saved work is safe; please try again in a minute." },
};

/** `within`: the page already has its own h1 (the RFP workspace), so the error's title is an h2 and the way back is that page. */
export function ErrorPanel({ within }: { within?: { to: string; label: string } }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = ERROR_TEXT[status] ?? { title: "Something went wrong on our side", body: "The problem has been logged. Please try again in a moment." };
  // 4xx answers carry our own message for the user (e.g. "There is no such RFP …"); 5xx never do.
  const message = isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data && error.data !== "Not found" ? error.data : null;
  const root = useRouteLoaderData<RootData>("root");
  // A refusal says what this account can do instead, not only what it cannot.
  const instead = status === 403 && root?.account ? placesFor(root.account, root.mailbox) : [];
  const Title = within ? "h2" : "h1";
  return (
    <section className="panel error-page" aria-labelledby="error-title">
      <p className="muted">Error {status}</p>
      <Title id="error-title">{known.title}</Title>
      <p>{message ?? known.body}</p>
      {instead.length ? (
        <>
          <p>Signed in as {root!.account!.roles.map((r) => ROLE_LABELS[r]).join(", ")} of {root!.account!.organisation}, you can use:</p>
          <ul aria-label="What you can do instead">
            {instead.map((place) => (
              <li key={place.to}><Link to={place.to}>{place.label}</Link>: {place.what}</li>
            ))}
          </ul>
          <p className="hint">If you think your role should allow this, ask your organisation's administrator.</p>
        </>
      ) : null}
      {within ? (
        <p><Link to={within.to} className="button">{within.label}</Link></p>
      ) : instead.length ? null : (
        <p><Link to="/" className="button">Go to the start page</Link></p>
      )}
    </section>
  );
}
