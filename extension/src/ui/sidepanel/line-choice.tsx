import { useState } from 'preact/hooks';

/** An order line the member may choose: its number and the label CCW writes ("1.0"). */
export interface ChoosableLine {
  lineNumber: number;
  label: string;
}

/** "line 1.0" or "lines 1.0, 2.0". */
export const linesText = (lines: readonly { label: string }[]) =>
  `line${lines.length > 1 ? 's' : ''} ${lines.map((l) => l.label).join(', ')}`;

export interface LineChoice {
  chosen: readonly number[];
  toggle(lineNumber: number, on: boolean): void;
  /** Fewer lines than all that may be chosen: the action names them. */
  subset: boolean;
  /** What the action records: the chosen lines in order when a subset, else none (the whole order). */
  lineNumbers: number[] | undefined;
  /** "lines 1.0, 2.0" when a subset is chosen, else null. */
  chosenText: string | null;
  /** Lines may be chosen and none is. */
  nothingChosen: boolean;
}

/**
 * Which of an order's lines an action applies to. Each line moves whole (LIC222301): every line that
 * may be chosen is chosen until one is left out, so the default is the whole order.
 */
export function useLineChoice(choosable: readonly ChoosableLine[] | undefined): LineChoice {
  const [chosen, setChosen] = useState<number[]>(() => choosable?.map((l) => l.lineNumber) ?? []);
  const subset = choosable !== undefined && chosen.length < choosable.length;
  return {
    chosen,
    toggle: (lineNumber, on) => setChosen((now) => (on ? [...now, lineNumber] : now.filter((n) => n !== lineNumber))),
    subset,
    lineNumbers: subset ? [...chosen].sort((a, b) => a - b) : undefined,
    chosenText: subset ? linesText(choosable.filter((l) => chosen.includes(l.lineNumber))) : null,
    nothingChosen: choosable !== undefined && chosen.length === 0,
  };
}

export interface LineChooserProps {
  lines: readonly ChoosableLine[] | undefined;
  choice: LineChoice;
  legend: string;
  /** Said after each line's label ("on hold"). */
  lineNote?: string;
}

/** One checkbox per line; nothing when the order has no lines to choose among. */
export function LineChooser({ lines, choice, legend, lineNote }: LineChooserProps) {
  if (!lines || lines.length === 0) return null;
  return (
    <fieldset class="small">
      <legend>{legend}</legend>
      {lines.map((line) => (
        <label key={line.lineNumber} class="check">
          <input
            type="checkbox"
            checked={choice.chosen.includes(line.lineNumber)}
            onChange={(e) => choice.toggle(line.lineNumber, e.currentTarget.checked)}
          />{' '}
          Line {line.label}
          {lineNote ? ` ${lineNote}` : ''}
        </label>
      ))}
    </fieldset>
  );
}
