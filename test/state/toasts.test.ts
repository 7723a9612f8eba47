/** Toasts (src/state/uiStore.ts): the same message twice shows once, the newest last. */
import { describe, expect, it, vi } from 'vitest';
import { useUiStore } from '../../src/state/uiStore';

const messages = () => useUiStore.getState().toasts.map((t) => `${t.tone}: ${t.message}`);

describe('toasts', () => {
  it('replaces a toast showing the same message instead of stacking a second one', () => {
    vi.useFakeTimers();
    try {
      const ui = useUiStore.getState();
      ui.toast('The run has finished.', 'success');
      ui.toast('Opened “Retry storm”', 'success');
      vi.advanceTimersByTime(3000);
      ui.toast('The run has finished.', 'success');
      expect(messages()).toEqual(['success: Opened “Retry storm”', 'success: The run has finished.']);
      // Same words, another tone: another notice.
      ui.toast('The run has finished.', 'error');
      expect(messages()).toHaveLength(3);
      // The replaced toast's timer does not take the new one away early.
      vi.advanceTimersByTime(1000);
      expect(messages()).toEqual(['success: The run has finished.', 'error: The run has finished.']);
      vi.advanceTimersByTime(2500);
      expect(messages()).toEqual(['error: The run has finished.']);
    } finally {
      vi.useRealTimers();
    }
  });
});
