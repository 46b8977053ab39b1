/**
 * Finding the browser's processes in /proc (Linux): the pool's browser is recognised by the
 * `--mamori-instance=<marker>` switch on its command line, and its renderers, GPU and utility
 * processes are its descendants. Used to kill a browser in tests and to measure memory in the
 * benchmark; elsewhere (no /proc) the functions return null or empty results.
 */
import { readFileSync, readdirSync } from 'node:fs';

interface ProcEntry {
  pid: number;
  ppid: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended while we looked, or /proc is not there
  }
}

function listPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * The fields of /proc/<pid>/stat after the command name, so index 0 is field 3 (state); null when the
 * process is gone. The command name (field 2) may hold spaces and parentheses: fields resume after
 * the last ')'.
 */
function statFields(pid: number): string[] | null {
  const stat = readText(`/proc/${pid}/stat`);
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function parentOf(pid: number): number | null {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isFinite(ppid) ? ppid : null;
}

/** The pid of the browser started with `--mamori-instance=<marker>`, or null when there is none. */
export function findBrowserPid(marker: string): number | null {
  const needle = `--mamori-instance=${marker}\0`;
  for (const pid of listPids()) {
    const cmdline = readText(`/proc/${pid}/cmdline`);
    // Only the browser process itself carries our switch; its children get their own command lines.
    if (cmdline?.includes(needle) && !cmdline.includes('--type=')) return pid;
  }
  return null;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const entries: ProcEntry[] = [];
  for (const pid of listPids()) {
    const ppid = parentOf(pid);
    if (ppid !== null) entries.push({ pid, ppid });
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i];
    for (const entry of entries) if (entry.ppid === parent) tree.push(entry.pid);
  }
  return tree;
}

function kbField(text: string | null, field: string): number {
  const match = text === null ? null : new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 on every Linux that Node runs on. */
const USER_HZ = 100;

/**
 * CPU milliseconds used by a process and its descendants: their own user and system time, and that
 * of children they have already reaped (Chromium's zygote reaps its renderers, so renderers that
 * have come and gone still count).
 */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const fields = statFields(pid);
    // Fields 14-17: utime, stime, cutime, cstime.
    for (let i = 11; i <= 14 && fields; i++) ticks += Number(fields[i]) || 0;
  }
  return (ticks * 1000) / USER_HZ;
}

export interface TreeMemory {
  processes: number;
  /** Sum of resident set sizes: counts pages shared between processes once per process (an upper bound). */
  rssBytes: number;
  /** Sum of proportional set sizes: shared pages split between their users (closer to the real cost). */
  pssBytes: number;
}

/** Memory of a process and its descendants, from /proc/<pid>/status and smaps_rollup. */
export function treeMemory(root: number): TreeMemory {
  let rssBytes = 0;
  let pssBytes = 0;
  const pids = processTree(root);
  for (const pid of pids) {
    rssBytes += kbField(readText(`/proc/${pid}/status`), 'VmRSS');
    pssBytes += kbField(readText(`/proc/${pid}/smaps_rollup`), 'Pss');
  }
  return { processes: pids.length, rssBytes, pssBytes };
}
