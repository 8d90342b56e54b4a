// The markup of a pure component, rendered once per props on the server and kept (decision 014,
// eleventh pass). Some of a page is the same on every view and for every reader, and a function
// of data that does not change: the results' charts and a bundle's explanation (a snapshot), an
// RFP's sections (every invited vendor reads them), the bid as counted (every panel member scores
// it). Rendering it again on every view was the largest cost left that was the page's own. The
// server sends exactly the markup React would render in place (a test checks that byte for
// byte), so the browser hydrates the component itself over it as before.
import { createContext, useContext, type ComponentType } from "react";

/** The markup of `component` with `props`, as `renderToString` renders it (given on the server only). */
export type MarkupKeeper = <P extends object>(component: ComponentType<P>, props: P) => string;

const KeeperContext = createContext<MarkupKeeper | null>(null);

/** Given by the server's renderer (entry.server.tsx); in the browser there is none. */
export const MarkupKeeperProvider = KeeperContext.Provider;

/**
 * `component` rendered with `props`, inside a `div`: on the server its kept markup, in the
 * browser the component. Only for components whose markup is a function of their props (data
 * only, which JSON keeps whole) and that use no context.
 */
export function KeptMarkup<P extends object>({ component: Component, props }: { component: ComponentType<P>; props: P }) {
  const keeper = useContext(KeeperContext);
  if (keeper) return <div className="kept-markup" dangerouslySetInnerHTML={{ __html: keeper(Component, props) }} />;
  return (
    <div className="kept-markup">
      <Component {...props} />
    </div>
  );
}
