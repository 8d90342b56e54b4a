// Server rendering, plus the hooks server.js needs: start-up, shutdown and the database
// health used to answer 503 while PostgreSQL is unreachable.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isConnectivityError } from "../db/client";
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

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isConnectivityError(error)) {
    console.error(`Database unavailable while serving ${request.method} ${new URL(request.url).pathname}`);
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
  _loadContext: AppLoadContext,
) {
  const status = await statusFor(responseStatusCode);
  const bot = isbot(request.headers.get("user-agent") || "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
