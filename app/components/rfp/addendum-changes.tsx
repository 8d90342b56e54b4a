// An addendum's field-level changes, grouped by the RFP section they touch, with the new
// value emphasised ("Criterion 'Price' weight 40 → 35"): vendors must see exactly what changed.
import type { RfpChange } from "~/domain/rfp/diff";
import { RFP_SECTION_LABELS, RFP_SECTIONS } from "~/domain/rfp/sections";

function ChangeText({ text }: { text: string }) {
  const arrow = text.lastIndexOf(" → ");
  if (arrow < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, arrow)} <span className="change-arrow">→</span> <strong className="change-new">{text.slice(arrow + 3)}</strong>
    </>
  );
}

export function AddendumChanges({ changes }: { changes: readonly RfpChange[] }) {
  if (changes.length === 0) return <p className="muted">This addendum changes no section of the RFP.</p>;
  return (
    <div className="changes">
      {RFP_SECTIONS.filter((s) => changes.some((c) => c.section === s)).map((section) => (
        <div key={section} className="changes__section">
          <h4 className="changes__title">{RFP_SECTION_LABELS[section]}</h4>
          <ul className="changes__list">
            {changes
              .filter((c) => c.section === section)
              .map((c, i) => (
                <li key={i}>
                  <ChangeText text={c.text} />
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
