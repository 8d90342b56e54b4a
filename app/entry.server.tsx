// Server rendering, plus the hooks server.js needs: start-up, shutdown and the database
// health used to answer 503 while PostgreSQL is unreachable.
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isConnectivityError } from "../db/client";
import { NonceProvider } from "./components/nonce";
import { MarkupKeeperProvider } from "./components/kept-markup";
import { encodedResponse, keepMarkup, renderDocument } from "./render-document.server";
import { runtime } from "./runtime.server";

export { shutdown, startup, StartupError } from "./runtime.server";
export { ConfigError } from "./config.server";
export { BROTLI_PARAMS } from "./render-document.server";

/** True while the database is known to be unreachable; re-checks with a ping. */
export async function databaseIsDown(): Promise<boolean> {
  const { database } = await runtime();
  if (!database.health.isDown) return false;
  return !(await database.ping(1_500));
}

async function statusFor(status: number): Promise<number> {
  if (status < 500) return status;
  const { database } = await runtime();
  return database.health.isDown ? 503 : status;
}

/**
 * Real faults (5xx) are logged with their stack trace. A request the client got wrong (4xx:
 * a bad `?_data` route, a method a route does not take, …) is not our fault: server.js logs
 * it as one line, and this only gives that line its reason.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isConnectivityError(error)) {
    console.error(`Database unavailable while serving ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    const cause: unknown = (error as { error?: unknown }).error;
    const reason = cause instanceof Error ? cause.message : typeof error.data === "string" && error.data ? error.data : error.statusText;
    context.refuse?.(reason);
    return;
  }
  console.error(error);
};

/**
 * A data request's JSON (every client-side navigation and form answer) is compressed in one
 * call, as pages are (`encodedResponse`), rather than by the middleware's stream on the thread
 * pool; its body is small and whole already. Anything else (a deferred stream, a redirect, a
 * body already encoded) passes on to the middleware as before.
 */
export const handleDataRequest: HandleDataRequestFunction = async (response, { request }) => {
  const status = await statusFor(response.status);
  const type = response.headers.get("Content-Type") ?? "";
  if (response.body && /^application\/json\b/i.test(type) && !response.headers.has("Content-Encoding")) {
    const body = Buffer.from(await response.arrayBuffer());
    return encodedResponse(body, request.headers.get("Accept-Encoding"), { status, headers: new Headers(response.headers) });
  }
  if (status === response.status) return response;
  return new Response(response.body, { status, headers: response.headers });
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const status = await statusFor(responseStatusCode);
  // No route streams (no defer, no Suspense), so the page is rendered whole and sent as one
  // buffer: piped through a stream, React's 2 KB pieces each paid a trip through the
  // web-stream bridge, the compressor and the socket, and React's stream encodes every one of
  // its thousands of small pieces on its own.
  const html = renderDocument(
    <NonceProvider value={nonce}>
      <MarkupKeeperProvider value={keepMarkup}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </MarkupKeeperProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return encodedResponse(html, request.headers.get("Accept-Encoding"), { status, headers: responseHeaders });
}
