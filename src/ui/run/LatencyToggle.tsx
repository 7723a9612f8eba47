/** The latency charts' choice of answers: ok ones (the default) or all, failures included. */
import { useUiStore } from '../../state/uiStore';

const CHOICES = [
  ['ok', 'ok', 'Latency of the answers that succeeded'],
  [
    'all',
    'all',
    'Latency of every answer, failures included: a refusal or a crashed server answers at once, so a failing node reads fast',
  ],
] as const;

/** Two small buttons in the chart's caption; one choice for every latency chart, kept for the session. */
export function LatencyToggle() {
  const answers = useUiStore((s) => s.latencyAnswers);
  const set = useUiStore((s) => s.setLatencyAnswers);
  return (
    <span className="sw-chart__toggle" role="group" aria-label="Latency of which answers">
      {CHOICES.map(([value, label, what]) => (
        <button
          key={value}
          type="button"
          aria-pressed={answers === value}
          aria-label={`${label} answers`}
          title={what}
          onClick={() => set(value)}
        >
          {label}
        </button>
      ))}
    </span>
  );
}
