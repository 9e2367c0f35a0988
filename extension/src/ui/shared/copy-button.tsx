import { useState } from 'preact/hooks';

export interface CopyButtonProps {
  text: string;
  /** What is copied, for screen readers and the confirmation: "sales order number". */
  what: string;
  onCopied?(): void;
}

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, what, onCopied }: CopyButtonProps) {
  const [said, setSaid] = useState('');
  return (
    <button
      type="button"
      class="copy small"
      aria-label={`Copy ${what}`}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => {
            setSaid('Copied');
            onCopied?.();
          },
          () => setSaid('Copy failed'),
        )
      }
    >
      {said || 'Copy'}
    </button>
  );
}
