'use client';

import { useState, type ReactNode } from 'react';

interface Props {
  /** Resolves when the action is over; the button stays disabled until then. */
  onRun: () => Promise<unknown>;
  disabled?: boolean;
  /** What it does, in a sentence: shown on hover (every control says what it does). */
  title: string;
  /**
   * Why it cannot run now (a dead node cannot crash): shown instead of `title`, and the button is
   * off but still takes the focus, so a keyboard or screen reader user hears the reason too.
   */
  why?: string;
  tone?: 'primary' | 'danger' | 'plain';
  children: ReactNode;
}

const TONES = {
  primary: 'bg-sky-600 hover:bg-sky-500',
  danger: 'bg-red-700 hover:bg-red-600',
  plain: 'bg-slate-700 hover:bg-slate-600',
};

export function ActionButton({ onRun, disabled, tone = 'plain', title, why, children }: Props) {
  const [running, setRunning] = useState(false);
  return (
    <button
      type="button"
      title={why ?? title}
      disabled={disabled || running}
      aria-disabled={why !== undefined || undefined}
      aria-busy={running}
      onClick={async () => {
        if (why !== undefined) return;
        setRunning(true);
        try {
          await onRun();
        } finally {
          setRunning(false);
        }
      }}
      className={`rounded px-2.5 py-1 text-[13px] font-medium text-white transition disabled:cursor-not-allowed disabled:opacity-40 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 ${TONES[tone]}`}
    >
      {children}
    </button>
  );
}
