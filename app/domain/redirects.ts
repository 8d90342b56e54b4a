// Where a link may send a user after signing in or registering: only a path of this site.
//
// Checked after URL parsing, because browsers read a Location header the way `new URL`
// does: "/\t/evil" loses its tab and becomes "//evil" (another host), "/\evil" becomes
// "//evil", and so on. The value is resolved against a placeholder origin; it is accepted
// only if the result is still on that origin, and the serialised path (percent-encoded,
// ASCII only, so always a valid header value) is what we redirect to.

const PLACEHOLDER = "http://x";
const MAX_LENGTH = 2_000;
/** C0 controls, DEL, C1 controls, and backslashes: never part of a path we link to. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

function decodedOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The same-site path `to` names (normalised), or null if it names anything else. */
export function sameSitePath(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return null;
  if (FORBIDDEN.test(to)) return null;
  if (!to.startsWith("/") || to.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER || url.host !== "x" || url.username || url.password) return null;
  const path = url.pathname;
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  // Encoded slashes, backslashes or controls ("/%2F%2Fevil", "/%5Cevil", "/%0A") are refused
  // too: a proxy or another framework along the way may decode them before redirecting.
  const decoded = decodedOrNull(path);
  if (decoded === null || decoded.startsWith("//") || FORBIDDEN.test(decoded)) return null;
  return path + url.search + url.hash;
}

/** Only same-site paths, so a crafted link cannot send a user elsewhere after sign-in. */
export function safeRedirect(to: string | null | undefined, fallback = "/dashboard"): string {
  return sameSitePath(to) ?? fallback;
}
