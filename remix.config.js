/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // pdfkit, PGlite and exceljs stay external: bundling them breaks them at run time.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // Single fetch needs the Vite compiler (and routes returning plain objects): not adopted.
    // Saying so explicitly keeps Remix from printing its notice at every build.
    v3_singleFetch: false,
  },
};
