'use client';

const buttonClass = 'rounded border border-slate-600 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700';

/** In the header: the command palette and the shortcuts list, for those who do not know their keys yet. */
export function KeyboardButtons({ canAct, onPalette, onHelp }: { canAct: boolean; onPalette: () => void; onHelp: () => void }) {
  return (
    <div className="flex items-center gap-1.5">
      {canAct && (
        <button type="button" onClick={onPalette} title="Command palette (Ctrl+K or ⌘K): any action by name, e.g. “crash node7”" className={buttonClass}>
          {/* Ctrl K opens it on every system, a Mac's too (where ⌘K does as well); ⌘ alone meant nothing on Linux or Windows. */}
          Commands <kbd className="font-mono text-slate-300">Ctrl K</kbd>
        </button>
      )}
      <button type="button" onClick={onHelp} title="Keyboard shortcuts (?)" className={buttonClass}>
        Shortcuts <kbd className="font-mono text-slate-300">?</kbd>
      </button>
    </div>
  );
}
