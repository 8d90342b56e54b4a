// Buyer-written plain text (scope, summaries, answers): blank lines separate paragraphs and
// single line breaks are kept. Rendered as text, never as HTML, so nothing typed can inject markup.

export function PlainText({ text, empty = "Not given." }: { text: string; empty?: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      {paragraphs.map((p, i) => (
        <p key={i} className="plain-text">{p}</p>
      ))}
    </>
  );
}
