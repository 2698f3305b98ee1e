/**
 * The reference for the `process` case: a minimal plain 1-second tick loop over the same week, as a small
 * autoscaling simulator written the obvious way would run it — run as a script of its own
 * (`node dist/bench/cases/tick-loop.js TRACE.csv OUT.csv`), so it is timed as a whole process like kubesim.
 *
 * Every second: the trace's rate split evenly over ready pods, each pod's CPU (idle 5m + 2 ms per request,
 * capped at its 500m limit), pods starting for 8 s before they are ready; every 15 s an HPA step
 * (desired = ceil(current × utilisation / 70 %), tolerance 0.1, 2–50 replicas, scale down only after 5 minutes of
 * lower recommendations); a row of the time series every 10 s, written as CSV at the end. Nothing of kubesim's
 * is imported: the trace is parsed with split/Number, as such a loop would.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Pod {
  readyAt: number;
  cpu: number;
}

export function tickLoop(traceText: string): string {
  const lines = traceText.split('\n');
  const rps: number[] = [];
  for (const line of lines) {
    if (line === '' || line.startsWith('time')) continue;
    const [t, r] = line.split(',');
    rps[Number(t)] = Number(r);
  }
  const seconds = rps.length;
  const pods: Pod[] = [0, 1, 2].map(() => ({ readyAt: 0, cpu: 0 }));
  const recommendations: { at: number; replicas: number }[] = [];
  const rows: string[] = ['time,rps,ready_pods,total_pods,cpu_utilization,desired'];
  let desired = pods.length;
  for (let s = 0; s < seconds; s++) {
    const ready = pods.filter((p) => p.readyAt <= s);
    const perPod = ready.length > 0 ? rps[s]! / ready.length : 0;
    for (const p of pods) p.cpu = p.readyAt <= s ? Math.min(0.5, 0.005 + perPod * 0.002) : 0;
    const utilization = ready.length > 0 ? (ready.reduce((a, p) => a + p.cpu, 0) / ready.length / 0.1) * 100 : 0;
    if (s % 15 === 0 && ready.length > 0) {
      const ratio = utilization / 70;
      let proposal = Math.abs(ratio - 1) <= 0.1 ? pods.length : Math.ceil(pods.length * ratio);
      proposal = Math.max(2, Math.min(50, proposal));
      recommendations.push({ at: s, replicas: proposal });
      while (recommendations.length > 0 && recommendations[0]!.at < s - 300) recommendations.shift();
      desired = proposal < pods.length ? Math.max(proposal, ...recommendations.map((r) => r.replicas)) : proposal;
      while (pods.length < desired) pods.push({ readyAt: s + 8, cpu: 0 });
      if (pods.length > desired) pods.splice(desired);
    }
    if ((s + 1) % 10 === 0) rows.push(`${s + 1},${rps[s]!.toFixed(2)},${ready.length},${pods.length},${Math.round(utilization)},${desired}`);
  }
  return rows.join('\n') + '\n';
}

const [, script, trace, out] = process.argv;
if (script !== undefined && import.meta.url.endsWith(script.split('/').pop()!) && trace !== undefined && out !== undefined) {
  writeFileSync(out, tickLoop(readFileSync(trace, 'utf8')));
}
