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
  /** `badge`: a short count beside the label (its `title` says what it counts). */
  tabs: readonly { id: T; label: string; badge?: { text: string; title: string; tone: 'warn' | 'error' } }[];
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
          // Read out, label and badge ran together ("Validation3"): name the count in words.
          aria-label={t.badge ? `${t.label}, ${t.badge.title}` : undefined}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.badge ? (
            <span className={`sw-tab-badge sw-tab-badge--${t.badge.tone}`} title={t.badge.title}>
              {t.badge.text}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
