/** Run controls in the top bar: Run/Pause, Step, Reset, Speed, seed, clock and progress. */
import { Pause, Play, RotateCcw, Snail, StepForward } from 'lucide-react';
import { useEffect } from 'react';
import '../../styles/run.css';
import { useDesignStore } from '../../state/designStore';
import { useLiveStore } from '../../state/liveStore';
import { useRunStore } from '../../state/runStore';
import { installRunSync, toggleRun } from '../../state/runSync';
import { FaultMenuButton } from './FaultMenu';
import { fmtClock, fmtSpeed, playLabel, SPEEDS } from './format';

/** The clock and the achieved speed follow the thinned live store, not every 30 Hz frame. */
function Clock() {
  const simMs = useLiveStore((s) => Math.floor((s.frame?.simMs ?? 0) / 100) * 100);
  const endMs = useLiveStore((s) => s.frame?.endMs ?? (s.info ? s.info.durationS * 1000 : 0));
  const designEnd = useDesignStore((s) => (Number(s.design.scenario?.durationS) || 60) * 1000);
  const end = endMs || designEnd;
  const pct = end > 0 ? Math.min(100, Math.round((simMs / end) * 1000) / 10) : 0;
  return (
    <div className="sw-run__clock">
      <span className="sw-run__time" data-testid="sim-clock" aria-label="Simulated time" role="timer">
        {fmtClock(simMs)}
      </span>
      <div
        className="sw-run__progress"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        title={`${fmtClock(simMs)} of ${fmtClock(end)}`}
      >
        <div className="sw-run__bar" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

function Behind() {
  const behind = useLiveStore((s) => s.status === 'running' && !!s.frame?.behind);
  const achieved = useLiveStore((s) => (s.frame ? Math.round(s.frame.achievedSpeed * 10) / 10 : 0));
  const speed = useRunStore((s) => s.speed);
  if (speed !== 'max' && !behind) return null;
  const x = achieved > 0 ? `${achieved >= 100 ? Math.round(achieved) : achieved}×` : '';
  // Behind is an icon (the words in the tooltip and for screen readers): the top bar has no
  // room for "(behind)" at 1280 px beside the seed, Inject fault and the save status.
  return (
    <span
      className={`sw-run__achieved${behind ? ' is-behind' : ''}`}
      title={
        behind
          ? `Behind: this browser simulates the design at ${x || 'a fraction of'} real time, short of the ${fmtSpeed(speed)} asked for`
          : 'Simulated seconds per real second achieved'
      }
    >
      {x}
      {behind ? (
        <>
          <Snail size={13} aria-hidden />
          <span className="sw-visually-hidden"> (behind)</span>
        </>
      ) : null}
    </span>
  );
}

export function RunControls() {
  const status = useRunStore((s) => s.status);
  const speed = useRunStore((s) => s.speed);
  const seed = useDesignStore((s) => s.design.scenario?.seed ?? 1);
  const hasNodes = useDesignStore((s) => s.design.nodes.length > 0);
  const started = useLiveStore((s) => (s.frame?.simMs ?? 0) > 0);
  const needsRestart = useRunStore((s) => s.needsRestart);
  useEffect(() => installRunSync(), []);
  const running = status === 'running';
  const label = playLabel({ status, started, needsRestart });
  return (
    <div className="sw-run" role="group" aria-label="Run controls">
      <button
        type="button"
        className={`sw-btn ${running ? 'sw-btn--ghost' : 'sw-btn--run'} sw-run__play`}
        onClick={toggleRun}
        // Pause always works: a design emptied during a run (every node deleted) stops the
        // run only when the user says so; starting needs a node.
        disabled={(!hasNodes && !running) || status === 'loading'}
        title={hasNodes || running ? `${label} (Space)` : 'Add a node to run the design'}
      >
        {running ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />}
        {label}
      </button>
      <button
        type="button"
        className="sw-icon-btn"
        aria-label="Step"
        title="Step one bucket"
        disabled={running || !hasNodes || status === 'loading'}
        onClick={() => void useRunStore.getState().step(useDesignStore.getState().design)}
      >
        <StepForward size={16} aria-hidden />
      </button>
      <button
        type="button"
        className="sw-icon-btn"
        aria-label="Reset"
        title="Reset to time 0"
        onClick={() => void useRunStore.getState().reset()}
      >
        <RotateCcw size={16} aria-hidden />
      </button>
      <label className="sw-run__speed">
        <span className="sw-visually-hidden">Speed</span>
        <select
          aria-label="Speed"
          value={String(speed)}
          onChange={(e) =>
            void useRunStore.getState().setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value))
          }
        >
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {fmtSpeed(s)}
            </option>
          ))}
        </select>
      </label>
      <Behind />
      <Clock />
      <span className="sw-run__seed" title="Scenario seed: same design and seed, same numbers">
        seed {String(seed)}
      </span>
      <FaultMenuButton />
    </div>
  );
}

export default RunControls;
