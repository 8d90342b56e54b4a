// A table wider than its column scrolls sideways in its box. While it does, a hint above it says
// what lies beyond the right edge (measured once the page's script runs, again on every resize),
// and the box takes the keyboard focus so the arrow keys scroll it; without the script a shadow
// at the right edge (.table-wrap--sideways) says the same.
import { useEffect, useRef, useState, type ReactNode } from "react";

export function SidewaysTable({ hint, children }: { hint: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const wrap = ref.current;
    if (!wrap) return;
    const measure = () => setOverflows(wrap.scrollWidth > wrap.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(wrap);
    if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {overflows ? <p className="hint sideways-hint">{hint}</p> : null}
      <div ref={ref} className="table-wrap table-wrap--sideways" tabIndex={overflows ? 0 : undefined}>
        {children}
      </div>
    </>
  );
}
