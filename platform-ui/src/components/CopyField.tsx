import { useRef, useState } from 'react';

/** A read-only value with a copy button; falls back to selecting the text where the clipboard is refused. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      input.current?.select();
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    }
  }
  return (
    <div className="copy-field">
      <label>
        {label}
        <input ref={input} readOnly value={value} onFocus={(e) => e.target.select()} data-testid="copy-value" />
      </label>
      <button type="button" onClick={copy}>
        Copy
      </button>
      <span role="status" className="muted small">
        {copied}
      </span>
    </div>
  );
}
