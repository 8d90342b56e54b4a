// The three bundle slots every vendor fills (the MESO: three equivalent offers at once).
import type { RfpBundleSlot } from "~/domain/rfp/sections";

export function BundleSlotList({ slots }: { slots: readonly RfpBundleSlot[] }) {
  return (
    <ol className="bundle-slots">
      {slots.map((slot, i) => (
        <li key={slot.id} className="bundle-slot">
          <span className="bundle-slot__letter" aria-hidden="true">{String.fromCharCode(65 + i)}</span>
          <div>
            <h3 className="bundle-slot__name">{slot.name}</h3>
            {slot.description ? <p className="bundle-slot__text">{slot.description}</p> : <p className="muted bundle-slot__text">No description.</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
