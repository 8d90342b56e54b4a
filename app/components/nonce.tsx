// The Content-Security-Policy nonce of the response being rendered (server.js makes a new
// one per request). Only the server knows it; in the browser it is "" (browsers hide nonce
// attributes from scripts, so hydration never compares it).
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
