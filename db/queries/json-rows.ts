// Rows aggregated as JSON (json_agg, json_build_object) in a page's one statement: both drivers
// parse the json itself (db/client.ts), but its timestamps arrive as ISO 8601 text.

/** A JSON timestamp as a date. */
export const dateOf = (text: string): Date => new Date(text);

/** A JSON timestamp that may be null as a date or null. */
export const dateOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));
