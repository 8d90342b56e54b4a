// Server rendering, plus the hooks server.js needs: start-up, shutdown and the database
// health used to answer 503 while PostgreSQL is unreachable.
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { isConnectivityError } from "../db/client";
import { NonceProvider } from "./components/nonce";
import { runtime } from "./runtime.server";

export { shutdown, startup, StartupError } from "./runtime.server";
export { ConfigError } from "./config.server";

const ABORT_DELAY = 5_000;

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

export async function handleDataRequest(response: Response) {
  const status = await statusFor(response.status);
  if (status === response.status) return response;
  return new Response(response.body, { status, headers: response.headers });
}

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
  // buffer: React writes its output in 2 KB pieces, and every piece piped through a stream
  // cost its own trip through the web-stream bridge, the compressor and the socket (about a
  // fifth of a workspace tab's server time under load).
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status }));
        done();
      },
    });
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
