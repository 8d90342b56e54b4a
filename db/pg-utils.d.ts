// pg's own parameter serialisation (db/client.ts sends PGlite's statements as pg sends them).
declare module "pg/lib/utils.js" {
  const utils: { prepareValue(value: unknown): string | Buffer | null | undefined };
  export default utils;
}
