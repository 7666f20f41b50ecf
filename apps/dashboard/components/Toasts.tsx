'use client';

import { useCallback, useState } from 'react';
import type { Notify } from '../lib/browser/actions';

export interface Toast {
  id: number;
  tone: 'ok' | 'error';
  text: string;
}

let nextToastId = 1;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push: Notify = useCallback((tone, text) => {
    const toast = { id: nextToastId++, tone, text };
    setToasts((list) => [...list.slice(-3), toast]);
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== toast.id)), 4_000);
  }, []);
  return { toasts, push };
}

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-tone={toast.tone}
          className={`rounded-md px-4 py-2 text-sm shadow-lg ${toast.tone === 'ok' ? 'bg-emerald-900/90 text-emerald-100' : 'bg-red-900/90 text-red-100'}`}
        >
          {toast.text}
        </div>
      ))}
    </div>
  );
}

export type { Notify };
