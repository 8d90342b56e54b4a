// Stable ids for rows a buyer adds in a form: the engine keys values, points and references
// by id, so an id, once given, never changes even when the row is renamed.
import { issueSchema } from "../evaluation/schema";

/** The engine's id rule (letters, digits and _ . : -), taken from its issue schema. */
export const idSchema = issueSchema.options[0].shape.id;

export function slugOf(text: string, fallback: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || fallback;
}

/** Keeps the ids rows already have; derives the missing ones from their labels, unique in the list. */
export function assignIds<T extends { id?: string | undefined }>(items: readonly T[], labelOf: (item: T) => string, fallback: string): (T & { id: string })[] {
  const taken = new Set(items.map((i) => i.id).filter((id): id is string => Boolean(id)));
  return items.map((item) => {
    if (item.id) return item as T & { id: string };
    const base = slugOf(labelOf(item), fallback);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { ...item, id };
  });
}
