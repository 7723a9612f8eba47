/** An ARIA tab list whose tabs control one panel (`panelId`); tab ids are `tab-<id>`. */
export function TabList<T extends string>({
  label,
  panelId,
  tabs,
  current,
  onSelect,
  className = 'sw-tabs',
}: {
  label: string;
  panelId: string;
  tabs: readonly { id: T; label: string }[];
  current: T;
  onSelect: (id: T) => void;
  className?: string;
}) {
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls={panelId}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
