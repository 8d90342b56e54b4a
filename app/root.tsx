import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useNonce } from "./components/nonce";
import { permissionsOf, ROLE_LABELS } from "./domain/permissions";
import { runtime } from "./runtime.server";
import { isMailboxAvailable } from "./services/notifications.server";
import stylesHref from "./styles/app.css";
import { getAccount } from "./web/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pareto — procurement for win-win deals" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await getAccount(request, context);
  return json({
    account: account
      ? {
          name: account.name,
          email: account.email,
          organisation: account.organisation.name,
          roles: account.roles,
          permissions: [...permissionsOf(account.roles)],
        }
      : null,
    mailbox: account ? isMailboxAvailable((await runtime()).config) : false,
  });
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The main pages this account may use: the navigation, and what a 403 page offers instead. */
function placesFor(account: NonNullable<RootData["account"]>, mailbox: boolean): { to: string; label: string; what: string }[] {
  const can = (p: string) => account.permissions.includes(p as never);
  return [
    { to: "/dashboard", label: "Dashboard", what: "what waits for you" },
    ...(can("read:rfp:own") ? [{ to: "/rfps", label: "RFPs", what: can("update:rfp:own") ? "draft, publish and evaluate your organisation's RFPs" : "read your organisation's RFPs, and the evaluations you are on" }] : []),
    ...(can("read:rfp:invited") ? [{ to: "/opportunities", label: "RFPs", what: "the RFPs you are invited to and the public ones" }] : []),
    ...(can("manage:user:own") ? [{ to: "/admin/users", label: "Users", what: "your organisation's accounts" }] : []),
    ...(can("read:audit:own") ? [{ to: "/admin/audit", label: "Audit trail", what: "who did what, and when" }] : []),
    ...(can("manage:organisation:any") ? [{ to: "/operator/organisations", label: "Organisations", what: "the organisations on this portal" }] : []),
    ...(mailbox ? [{ to: "/mailbox", label: "Mailbox", what: "the notifications sent to you" }] : []),
  ];
}

function Navigation({ account, mailbox }: { account: RootData["account"]; mailbox: boolean }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={account ? "/dashboard" : "/"} className="brand" aria-label="Pareto home">
          <span className="brand__mark" aria-hidden="true">◆</span> Pareto
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {account ? (
              <>
                {placesFor(account, mailbox).map((place) => (
                  <li key={place.to}><NavLink to={place.to}>{place.label}</NavLink></li>
                ))}
              </>
            ) : (
              <>
                <li><NavLink to="/sign-in">Sign in</NavLink></li>
                <li><NavLink to="/register">Register as a vendor</NavLink></li>
              </>
            )}
          </ul>
        </nav>
        {account ? (
          <div className="account">
            <span className="account__who">
              {account.name} <span className="muted">· {account.roles.map((r) => ROLE_LABELS[r]).join(", ")} · {account.organisation}</span>
            </span>
            <Form method="post" action="/sign-out">
              <button type="submit" className="button button--quiet">Sign out</button>
            </Form>
          </div>
        ) : null}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  // Browser tests wait for this marker before clicking, so clicks never race hydration.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <Navigation account={data?.account ?? null} mailbox={data?.mailbox ?? false} />
        <main id="main" className="page">{children}</main>
        <footer className="site-footer">Pareto · published criteria, sealed bids, scored awards</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const ERROR_TEXT: Record<number, { title: string; body: string }> = {
  400: { title: "That request could not be understood", body: "Check what you entered and try again." },
  403: { title: "You do not have access to this page", body: "Your account's role does not allow this. If you think it should, ask your organisation's administrator." },
  404: { title: "Page not found", body: "The page you asked for does not exist, or it was moved." },
  409: { title: "That cannot be done now", body: "The request conflicts with the current state of the page. Reload it and try again." },
  503: { title: "Pareto is temporarily unavailable", body: "We cannot reach the database right now. Your saved work is safe; please try again in a minute." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  // Never show a stack trace to users: the server log has the details.
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = ERROR_TEXT[status] ?? { title: "Something went wrong on our side", body: "The problem has been logged. Please try again in a moment." };
  // 4xx answers carry our own message for the user (e.g. "There is no such RFP …"); 5xx never do.
  const message = isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data && error.data !== "Not found" ? error.data : null;
  const text = { title: known.title, body: message ?? known.body };
  const root = useRouteLoaderData<typeof loader>("root");
  // A refusal says what this account can do instead, not only what it cannot.
  const instead = status === 403 && root?.account ? placesFor(root.account, root.mailbox) : [];
  return (
    <section className="panel error-page" aria-labelledby="error-title">
      <p className="muted">Error {status}</p>
      <h1 id="error-title">{text.title}</h1>
      <p>{text.body}</p>
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
      ) : (
        <p><Link to="/" className="button">Go to the start page</Link></p>
      )}
    </section>
  );
}
