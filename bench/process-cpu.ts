import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The command line, arguments separated by spaces. */
  command: string;
}

interface Snapshot {
  at: number;
  /** Busy ticks of the whole machine (all cores), from /proc/stat. */
  machineBusy: number;
  /** CPU ticks (user + system) of each process some label claimed. */
  processes: Map<number, { label: string; ticks: number }>;
}

/** CPU used during a span, per label: cores busy on average and CPU time per operation. */
export interface CpuShare {
  label: string;
  cores: number;
}

/**
 * CPU time per group of processes over a span, read from /proc: which
 * process (auth-gateway, slapd, RabbitMQ, …) spends the machine's cores
 * while a benchmark phase runs. `classify` names a process's group, or null
 * for any other process; what the machine spent beyond the named groups is
 * reported as `other processes`.
 */
export class ProcessCpu {
  constructor(private readonly classify: (process: ProcessInfo) => string | null) {}

  snapshot(): Snapshot {
    const processes = new Map<number, { label: string; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      const stat = readProcessStat(pid);
      if (!stat) continue;
      const label = this.classify({ pid, ppid: stat.ppid, command: readCommand(pid) });
      if (label) processes.set(pid, { label, ticks: stat.ticks });
    }
    return { at: performance.now(), machineBusy: machineBusyTicks(), processes };
  }

  /** Cores used per label between two snapshots (processes present in both), largest first. */
  static between(before: Snapshot, after: Snapshot): CpuShare[] {
    const seconds = (after.at - before.at) / 1000;
    const ticks = new Map<string, number>();
    for (const [pid, { label, ticks: end }] of after.processes) {
      const start = before.processes.get(pid);
      if (!start) continue;
      ticks.set(label, (ticks.get(label) ?? 0) + end - start.ticks);
    }
    const named = [...ticks.values()].reduce((sum, value) => sum + value, 0);
    ticks.set('other processes', Math.max(0, after.machineBusy - before.machineBusy - named));
    return [...ticks]
      .map(([label, value]) => ({ label, cores: value / TICKS_PER_SECOND / seconds }))
      .sort((a, b) => b.cores - a.cores);
  }
}

/** CPU seconds (user + system) process `pid` has used so far; NaN once it is gone. */
export function processCpuSeconds(pid: number): number {
  const stat = readProcessStat(pid);
  return stat ? stat.ticks / TICKS_PER_SECOND : NaN;
}

function readProcessStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields 4 (ppid), 14 (utime) and 15 (stime) of proc(5), counted from the state (field 3).
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // it exited meanwhile
  }
}

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …: all but idle and iowait are busy.
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return [user, nice, system, irq, softirq, steal].reduce<number>(
    (sum, value) => sum + (value ?? 0),
    0,
  );
}
