import { useState } from 'react';
import { useDesignStore } from '../../state/designStore';
import { isFieldShortcut } from '../shortcuts';

/** A node's label; double-click to rename (Enter keeps, Escape cancels). */
export function NodeLabel({ id, label, className }: { id: string; label: string; className: string }) {
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      // The full name in the tooltip: a long one is cut short with an ellipsis on the canvas.
      <span
        className={className}
        title={`${label}\nDouble-click to rename`}
        onDoubleClick={() => setEditing(true)}
      >
        {label}
      </span>
    );
  }
  return (
    <input
      className={`${className} sw-rename nodrag nopan`}
      aria-label="Node label"
      defaultValue={label}
      autoFocus
      maxLength={200}
      onFocus={(e) => e.currentTarget.select()}
      onKeyDown={(e) => {
        // Save and Open (handled on the window) take the typed name: write it first.
        if (isFieldShortcut(e)) {
          e.currentTarget.blur();
          return;
        }
        e.stopPropagation();
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.currentTarget.value = label;
          e.currentTarget.blur();
        }
      }}
      onBlur={(e) => {
        const v = e.currentTarget.value;
        setEditing(false);
        if (v !== label) useDesignStore.getState().renameNode(id, v);
      }}
    />
  );
}
