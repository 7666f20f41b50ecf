'use client';

import type { ReactNode } from 'react';

export const inputClass = 'rounded border border-slate-600 bg-slate-900 px-2 py-1 text-sm text-slate-100';

export const clamp = (value: number, min: number, max: number, integer = true) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, integer ? Math.round(value) : value)) : min;

interface NumberFieldProps {
  /** The visible label, which is also the field's accessible name. */
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  onChange: (value: number) => void;
  width?: string;
  /** What the number is for, shown on hover. */
  title: string;
}

/** A labelled number input that keeps its value within [min, max]. */
export function NumberField({ label, value, min, max, integer = true, onChange, width = 'w-16', title }: NumberFieldProps) {
  return (
    <label className="flex flex-col gap-0.5 text-[11px] text-slate-400">
      {label}
      <input
        type="number"
        aria-label={label}
        title={title}
        min={min}
        max={max}
        step={integer ? 1 : 'any'}
        value={value}
        onChange={(e) => onChange(clamp(e.target.valueAsNumber, min, max, integer))}
        className={`${inputClass} ${width}`}
      />
    </label>
  );
}

/** A titled group of controls. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-1.5 rounded border border-slate-700 px-2.5 pt-1 pb-2.5">
      <legend className="px-1 text-xs text-slate-400">{title}</legend>
      {children}
    </fieldset>
  );
}
