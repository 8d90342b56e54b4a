// What the web edge knows about a request beyond its URL.
import type { AppLoadContext } from "@remix-run/node";
import type { RequestMeta } from "../services/sign-in.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the HTTP server saw it (see server.js). */
    clientIp?: string;
  }
}

export function requestMeta(request: Request, context: AppLoadContext): RequestMeta {
  return { ip: context.clientIp ?? "unknown", userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null };
}
