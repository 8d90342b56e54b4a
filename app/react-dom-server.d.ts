// The export patches/react-dom+18.3.1.patch adds to react-dom/server (both of React's builds).
import type { ReactNode } from "react";
import type { ServerOptions } from "react-dom/server";

declare module "react-dom/server" {
  /**
   * `renderToString`, its text returned in pieces of about 8 K characters (their concatenation
   * is exactly what `renderToString` returns), so a large page is never one large string.
   */
  export function renderToStringParts(element: ReactNode, options?: ServerOptions): string[];
}
