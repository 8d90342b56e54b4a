import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorPanel } from "./components/error-panel";
import { useNonce } from "./components/nonce";
import { placesFor } from "./components/places";
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
            {/* In full in its title: from a tablet up it is shortened rather than wrap the header (app.css). */}
            <span className="account__who" title={`${account.name} · ${account.roles.map((r) => ROLE_LABELS[r]).join(", ")} · ${account.organisation}`}>
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

export function ErrorBoundary() {
  return <ErrorPanel />;
}
