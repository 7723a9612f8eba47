/** The top bar: file menu, examples, share, export, undo/redo, theme, and the run-controls slot. */
import {
  Check,
  CircleHelp,
  FileDown,
  FilePlus,
  FolderOpen,
  FileText,
  History,
  Image,
  LayoutTemplate,
  Link2,
  Maximize2,
  Loader,
  Moon,
  Minimize2,
  Redo2,
  Save,
  Sun,
  SunMoon,
  TriangleAlert,
  Undo2,
  Waves,
} from 'lucide-react';
import { useStore } from 'zustand';
import { useDesignStore } from '../state/designStore';
import { newDesignOver, openFile, restorePrevious } from '../state/files';
import { readPrevious } from '../state/persistence';
import { useUiStore } from '../state/uiStore';
import { exportImage, redo, saveDesignFile, share, undo } from './actions';
import { Menu } from './Menu';
import { RunControls } from './run/RunControls';
import { isMac, OPEN_FILE_INPUT_ID } from './shortcuts';

const MOD = isMac ? '⌘' : 'Ctrl+';

function SaveStatus() {
  const status = useUiStore((s) => s.saveStatus);
  return (
    <span className={`sw-saved sw-saved--${status}`} role="status" aria-live="polite">
      {status === 'saving' ? (
        <>
          <Loader size={12} aria-hidden /> Saving…
        </>
      ) : status === 'saved' ? (
        <>
          <Check size={12} aria-hidden /> Saved
        </>
      ) : status === 'error' ? (
        <>
          <TriangleAlert size={12} aria-hidden /> Not saved: browser storage is full or blocked
        </>
      ) : null}
    </span>
  );
}

function UndoRedo() {
  const canUndo = useStore(useDesignStore.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useDesignStore.temporal, (s) => s.futureStates.length > 0);
  return (
    <div className="sw-toolbar__group" role="group" aria-label="History">
      <button
        type="button"
        className="sw-icon-btn"
        aria-label="Undo"
        title={`Undo (${MOD}Z)`}
        disabled={!canUndo}
        onClick={undo}
      >
        <Undo2 size={16} aria-hidden />
      </button>
      <button
        type="button"
        className="sw-icon-btn"
        aria-label="Redo"
        title={`Redo (Shift+${MOD}Z)`}
        disabled={!canRedo}
        onClick={redo}
      >
        <Redo2 size={16} aria-hidden />
      </button>
    </div>
  );
}

export function TopBar() {
  const name = useDesignStore((s) => s.design.name);
  const theme = useUiStore((s) => s.theme);
  const ThemeIcon = theme === 'light' ? Sun : theme === 'dark' ? Moon : SunMoon;
  return (
    <header className="sw-topbar">
      <div className="sw-brand">
        <Waves size={18} aria-hidden className="sw-brand__logo" />
        <span className="sw-brand__name">Spillway</span>
        <span className="sw-brand__sep" aria-hidden>
          /
        </span>
        <span className="sw-brand__design" title={name ?? 'Untitled design'}>
          {name ?? 'Untitled design'}
        </span>
      </div>
      <nav className="sw-toolbar" aria-label="Main">
        <Menu
          label="File"
          icon={<FileText size={14} aria-hidden />}
          items={() => [
            {
              label: 'New',
              icon: <FilePlus size={14} aria-hidden />,
              onSelect: () => void newDesignOver(),
            },
            {
              label: 'Open…',
              icon: <FolderOpen size={14} aria-hidden />,
              hint: `${MOD}O`,
              onSelect: () => document.getElementById(OPEN_FILE_INPUT_ID)?.click(),
            },
            {
              label: 'Save',
              icon: <Save size={14} aria-hidden />,
              hint: `${MOD}S`,
              onSelect: saveDesignFile,
            },
            ...(readPrevious()
              ? [
                  {
                    label: 'Restore previous design',
                    icon: <History size={14} aria-hidden />,
                    onSelect: () => void restorePrevious(),
                  },
                ]
              : []),
          ]}
        />
        <input
          id={OPEN_FILE_INPUT_ID}
          type="file"
          accept=".json,application/json"
          hidden
          tabIndex={-1}
          aria-label="Open design file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void openFile(f);
          }}
        />
        <button
          type="button"
          className="sw-btn sw-btn--ghost"
          onClick={() => useUiStore.getState().openDialog('examples')}
          title="Examples"
        >
          <LayoutTemplate size={14} aria-hidden /> <span className="sw-btn__label">Examples</span>
        </button>
        <button type="button" className="sw-btn sw-btn--ghost" onClick={() => void share()} title="Share">
          <Link2 size={14} aria-hidden /> <span className="sw-btn__label">Share</span>
        </button>
        <Menu
          label="Export"
          icon={<Image size={14} aria-hidden />}
          items={[
            {
              label: 'PNG image',
              icon: <FileDown size={14} aria-hidden />,
              onSelect: () => void exportImage('png'),
            },
            {
              label: 'SVG image',
              icon: <FileDown size={14} aria-hidden />,
              onSelect: () => void exportImage('svg'),
            },
          ]}
        />
        <span className="sw-toolbar__sep" aria-hidden />
        <UndoRedo />
      </nav>
      {/* RUN CONTROLS SLOT: the run engine UI (Run, Pause, Step, Reset, Speed) mounts here in a later issue. */}
      <div className="sw-run-slot" data-slot="run-controls">
        <RunControls />
      </div>
      <div className="sw-topbar__end">
        <SaveStatus />
        <button
          type="button"
          className="sw-icon-btn"
          aria-label={`Theme: ${theme}`}
          title={`Theme: ${theme} (click to change)`}
          onClick={() => useUiStore.getState().cycleTheme()}
        >
          <ThemeIcon size={16} aria-hidden />
        </button>
        <PanelsButton />
        <button
          type="button"
          className="sw-icon-btn"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => useUiStore.getState().openDialog('shortcuts')}
        >
          <CircleHelp size={16} aria-hidden />
        </button>
      </div>
    </header>
  );
}

/**
 * Hides or shows the palette and the properties panel (\\ on the keyboard). Its name says
 * what a press does now ("Show…" while they are hidden), so it is no toggle (aria-pressed):
 * a pressed "Hide the side panels" read as if the panels were hidden by the name's word.
 */
function PanelsButton() {
  const hidden = useUiStore((s) => s.panelsHidden);
  const Icon = hidden ? Minimize2 : Maximize2;
  const name = hidden ? 'Show the side panels' : 'Hide the side panels';
  return (
    <button
      type="button"
      className="sw-icon-btn"
      aria-label={name}
      title={
        hidden
          ? `${name}: the palette and the properties panel (\\)`
          : `${name}: all the room to the canvas (\\)`
      }
      onClick={() => useUiStore.getState().togglePanels()}
    >
      <Icon size={16} aria-hidden />
    </button>
  );
}
