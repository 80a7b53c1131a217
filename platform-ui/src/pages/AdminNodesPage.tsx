import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api';
import { asProblem, type ApiProblem } from '../lib/problem';
import { nodeAnchor } from '../lib/alerts';
import { linePath, type Point } from '../lib/chart';
import { useHashTarget } from '../lib/router';
import { useResource } from '../lib/useResource';
import type { Node } from '../lib/types';
import { ProblemView, Resource, StateBadge, When } from '../components/Status';

/** What an admin may set a node to: drain and maintenance keep new instances off it. */
const ACTIONS: { status: string; label: string }[] = [
  { status: 'DRAINING', label: 'Drain' },
  { status: 'MAINTENANCE', label: 'Maintenance' },
  { status: 'UP', label: 'Back in service' },
];

function Meter({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const fraction = max > 0 ? Math.min(value / max, 1) : 0;
  return (
    <div className="meter-row">
      <span className="meter-label">{label}</span>
      <meter min={0} max={max} value={value} high={max * 0.8} optimum={0} aria-label={`${label}: ${text}`} />
      <span className="small">{text}</span>
      <span className="visually-hidden">{Math.round(fraction * 100)} %</span>
    </div>
  );
}

const HISTORY = 60;

/** CPU and memory use since this page opened (the API gives the current values only). */
function Sparkline({ points, max, label }: { points: Point[]; max: number; label: string }) {
  if (points.length < 2) return null;
  const t: [number, number] = [points[0].t, points[points.length - 1].t];
  return (
    <svg className="sparkline" viewBox="0 0 200 40" preserveAspectRatio="none" role="img" aria-label={label}>
      <path d={linePath(points, 200, 40, t, [0, Math.max(max, 1)])} fill="none" stroke="#2563eb" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

/** Nodes with capacity and usage, live. */
export default function AdminNodesPage() {
  const nodes = useResource((signal) => api.get<Node[]>('/api/nodes', { signal }), [], 3_000);
  const history = useRef(new Map<string, { cpu: Point[]; memory: Point[] }>());
  const [problem, setProblem] = useState<ApiProblem>();
  const target = useHashTarget(nodes.data !== undefined);

  async function setStatus(id: string, status: string) {
    setProblem(undefined);
    try {
      await api.put(`/api/nodes/${encodeURIComponent(id)}/status`, { status });
      nodes.reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  }

  useEffect(() => {
    const now = Date.now();
    for (const n of nodes.data ?? []) {
      const h = history.current.get(n.id) ?? { cpu: [], memory: [] };
      h.cpu = [...h.cpu, { t: now, v: n.usage.cpuPercent }].slice(-HISTORY);
      h.memory = [...h.memory, { t: now, v: n.usage.memoryMb }].slice(-HISTORY);
      history.current.set(n.id, h);
    }
  }, [nodes.data]);
  return (
    <>
      <h1>Nodes</h1>
      <p className="muted small live">Live: refreshed every 3 s; the lines show use since this page opened.</p>
      <p className="muted small">Drain or maintenance keeps new instances off a node; those running stay.</p>
      {problem && <ProblemView problem={problem} />}
      <Resource state={nodes} what="Loading nodes" empty={(l) => l.length === 0 && 'No node has registered yet.'}>
        {(list) => (
          <div className="cards" data-testid="nodes">
            {list.map((n) => (
              <article key={n.id} className={`card node${nodeAnchor(n.id) === target ? ' target' : ''}`} aria-labelledby={nodeAnchor(n.id)}>
                <h2 id={nodeAnchor(n.id)}>
                  {n.id} <StateBadge state={n.status} />
                </h2>
                <p className="muted small">
                  {n.address} · last seen <When at={n.lastSeen} />
                  {n.executionMode && <> · apps as {n.executionMode === 'docker' ? 'containers' : 'processes'}</>}
                  {Object.keys(n.labels ?? {}).length > 0 && <> · {Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</>}
                </p>
                <Meter label="CPU" value={n.usage.cpuPercent} max={100} text={`${n.usage.cpuPercent.toFixed(0)} % of ${n.capacity.cpu} cores`} />
                <Sparkline points={history.current.get(n.id)?.cpu ?? []} max={100} label={`CPU use of ${n.id} since this page opened`} />
                <Meter label="Memory" value={n.usage.memoryMb} max={n.capacity.memoryMb} text={`${n.usage.memoryMb} of ${n.capacity.memoryMb} MB`} />
                <Sparkline points={history.current.get(n.id)?.memory ?? []} max={n.capacity.memoryMb} label={`Memory use of ${n.id} since this page opened`} />
                <p>
                  {n.usage.instances} instance{n.usage.instances === 1 ? '' : 's'}
                </p>
                <div className="actions" role="group" aria-label={`Status of ${n.id}`}>
                  {ACTIONS.filter((a) => a.status !== n.status && !(a.status === 'UP' && ['SUSPECT', 'DOWN'].includes(n.status))).map((a) => (
                    <button type="button" key={a.status} onClick={() => setStatus(n.id, a.status)} aria-label={`${a.label}: ${n.id}`}>
                      {a.label}
                    </button>
                  ))}
                </div>
              </article>
            ))}
          </div>
        )}
      </Resource>
    </>
  );
}
