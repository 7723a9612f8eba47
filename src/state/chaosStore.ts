/** Transient state of the live fault-injection menu (which target, where on screen). */
import { create } from 'zustand';

export interface FaultMenuState {
  /** Screen position; null target: choose one in the menu (the toolbar's "Inject fault"). */
  menu: { x: number; y: number; target: string | null } | null;
  openMenu(x: number, y: number, target: string | null): void;
  closeMenu(): void;
}

export const useChaosStore = create<FaultMenuState>()((set) => ({
  menu: null,
  openMenu: (x, y, target) => set({ menu: { x, y, target } }),
  closeMenu: () => set({ menu: null }),
}));
