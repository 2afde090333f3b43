/**
 * Where a service's CPU went, from a `.cpuprofile` that node's --cpu-prof
 * wrote (e.g. `DIRSYNC_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run
 * bench:sign-in`, one file per service; the one of auth-gateway names
 * `dist/apps/auth-gateway`). Prints the sampled time (idle left out) by
 * package or dist file, native and node-internal frames counted for the
 * innermost package frame that called them (so a socket write counts for
 * ldapts, express or amqplib), then the self time of the busiest functions.
 * `--burst N` counts only the Nth stretch of work (stretches are separated
 * by a second or more of idle): with bench:sync's `--cpu-prof`, burst 1 of a
 * service that starts idle is the first sync, 2 the no-change re-sync, 3 the
 * 1% one (check the printed stretches against the bench's phases).
 *
 * `--busiest S` counts only the S seconds with the most CPU (e.g. 5 for the
 * sign-ins at 64 clients of `--seconds 5`), leaving out start-up, the sync
 * and the phases that load the process less.
 *
 *   node dist/bench/cpu-profile-summary.js FILE.cpuprofile [functions=40] [--burst N | --busiest S]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `ldapts`, `@nestjs/core`, `dist/apps/auth-gateway/…/x.js`; null for node internals and natives. */
function packageOf(url: string): string | null {
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules) return inModules[1] ?? null;
  const inDist = /\/(dist\/(?:apps|libs)\/[^/]+)\/.*?([^/]+)$/.exec(path);
  return inDist ? `${inDist[1]}/${inDist[2]}` : null;
}

function functionOf({ callFrame }: ProfileNode): string {
  const file = callFrame.url.split('/').slice(-2).join('/');
  return `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
}

const IDLE_GAP_MICROS = 1_000_000;
/** Less work than this between idle gaps (heartbeats, timers) is no stretch. */
const STRETCH_MIN_MICROS = 50_000;

/**
 * The stretch of each sample (1-based, 0 for none) and the CPU of each
 * stretch (`work[n - 1]`, µs): stretches are separated by IDLE_GAP_MICROS of
 * idle samples in a row, and numbered among those with at least
 * STRETCH_MIN_MICROS of work.
 */
function stretches(
  profile: Profile,
  idle: ReadonlySet<number>,
): { stretchOf: number[]; work: number[] } {
  const raw: number[] = [];
  const rawWork = new Map<number, number>();
  let stretch = 0;
  let idleFor = Infinity;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    if (idle.has(id)) {
      idleFor += micros;
    } else {
      if (idleFor >= IDLE_GAP_MICROS) stretch += 1;
      idleFor = 0;
      rawWork.set(stretch, (rawWork.get(stretch) ?? 0) + micros);
    }
    raw.push(stretch);
  });
  const numbered = new Map<number, number>();
  const work: number[] = [];
  for (const [rawStretch, micros] of rawWork) {
    if (micros < STRETCH_MIN_MICROS) continue;
    work.push(micros);
    numbered.set(rawStretch, work.length);
  }
  return { stretchOf: raw.map((rawStretch) => numbered.get(rawStretch) ?? 0), work };
}

/** The samples (by index) of the `seconds` with the most CPU, or all of them. */
function busiestWindow(profile: Profile, idle: ReadonlySet<number>, seconds?: number) {
  const at: number[] = [];
  let time = 0;
  for (const delta of profile.timeDeltas) at.push((time += delta));
  if (seconds === undefined) return { first: 0, last: at.length - 1 };
  let best = { busy: -1, first: 0, last: -1 };
  let busy = 0;
  let first = 0;
  for (let last = 0; last < at.length; last += 1) {
    if (!idle.has(profile.samples[last] ?? 0)) busy += profile.timeDeltas[last] ?? 0;
    while ((at[last] ?? 0) - (at[first] ?? 0) > seconds * 1e6) {
      if (!idle.has(profile.samples[first] ?? 0)) busy -= profile.timeDeltas[first] ?? 0;
      first += 1;
    }
    if (busy > best.busy) best = { busy, first, last };
  }
  return best;
}

function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  };
  const burst = option('--burst');
  const busiest = option('--busiest');
  const [file, count] = args;
  if (!file) {
    throw new Error(
      'usage: cpu-profile-summary FILE.cpuprofile [functions] [--burst N | --busiest S]',
    );
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);

  const idle = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
  );
  const { stretchOf, work } = stretches(profile, idle);
  console.log(
    `stretches of work (CPU s): ${work.map((micros, index) => `${index + 1}: ${(micros / 1e6).toFixed(2)}`).join(', ')}`,
  );

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const { first, last } = busiestWindow(profile, idle, busiest);
  profile.samples.forEach((id, index) => {
    if (index < first || index > last) return;
    const node = nodes.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node || idle.has(id)) return;
    if (burst !== undefined && stretchOf[index] !== burst) return;
    total += micros;
    byFunction.set(functionOf(node), (byFunction.get(functionOf(node)) ?? 0) + micros);
    let owner: string | null = null;
    for (let at: number | undefined = id; at !== undefined && !owner; at = parents.get(at)) {
      owner = packageOf(nodes.get(at)?.callFrame.url ?? '');
    }
    const label = owner ?? node.callFrame.functionName;
    byPackage.set(label, (byPackage.get(label) ?? 0) + micros);
  });

  const print = (title: string, times: Map<string, number>, rows: number) => {
    console.log(`\n${title}`);
    for (const [label, micros] of [...times].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
      const share = ((micros / total) * 100).toFixed(1).padStart(5);
      console.log(`${share} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${label}`);
    }
  };
  const span = busiest === undefined ? '' : ` in its busiest ${busiest} s`;
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s of CPU sampled${span}`);
  print('by package (natives and node internals counted for their caller)', byPackage, 30);
  print('by function (self time)', byFunction, Number(count ?? 40));
}

main();
