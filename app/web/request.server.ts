// What the web edge knows about a request beyond its URL.
import type { AppLoadContext } from "@remix-run/node";
import type { RequestMeta } from "../services/sign-in.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /**
     * The client's address (see server.js): Express's req.ip, which is the TCP peer unless
     * TRUST_PROXY is set, and then the address that many proxies back in X-Forwarded-For.
     * A client cannot choose it by sending its own X-Forwarded-For.
     */
    clientIp?: string;
    /** This response's Content-Security-Policy nonce, for the inline scripts Remix renders. */
    cspNonce?: string;
    /** Gives the one log line of a refused (4xx) request its reason (see server.js). */
    refuse?: (reason: string) => void;
  }
}

/** "::ffff:203.0.113.7" (IPv4 on a dual-stack socket) and "203.0.113.7" are one address. */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return "unknown";
  const trimmed = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(trimmed);
  return (mapped ? mapped[1]! : trimmed).slice(0, 64) || "unknown";
}

export function requestMeta(request: Request, context: AppLoadContext): RequestMeta {
  return { ip: normaliseAddress(context.clientIp), userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null };
}
