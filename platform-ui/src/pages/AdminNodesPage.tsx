import { api } from '../lib/api';
import { useResource } from '../lib/useResource';
import type { Node } from '../lib/types';
import { Resource, StateBadge, When } from '../components/Status';

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

/** Nodes with capacity and usage, live. */
export default function AdminNodesPage() {
  const nodes = useResource((signal) => api.get<Node[]>('/api/nodes', { signal }), [], 3_000);
  return (
    <>
      <h1>Nodes</h1>
      <p className="muted small live">Live: refreshed every 3 s</p>
      <Resource state={nodes} what="Loading nodes" empty={(l) => l.length === 0 && 'No node has registered yet.'}>
        {(list) => (
          <div className="cards" data-testid="nodes">
            {list.map((n) => (
              <article key={n.id} className="card node" aria-labelledby={`node-${n.id}`}>
                <h2 id={`node-${n.id}`}>
                  {n.id} <StateBadge state={n.status} />
                </h2>
                <p className="muted small">
                  {n.address} · last seen <When at={n.lastSeen} />
                  {Object.keys(n.labels ?? {}).length > 0 && <> · {Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</>}
                </p>
                <Meter label="CPU" value={n.usage.cpuPercent} max={100} text={`${n.usage.cpuPercent.toFixed(0)} % of ${n.capacity.cpu} cores`} />
                <Meter label="Memory" value={n.usage.memoryMb} max={n.capacity.memoryMb} text={`${n.usage.memoryMb} of ${n.capacity.memoryMb} MB`} />
                <p>
                  {n.usage.instances} instance{n.usage.instances === 1 ? '' : 's'}
                </p>
              </article>
            ))}
          </div>
        )}
      </Resource>
    </>
  );
}
