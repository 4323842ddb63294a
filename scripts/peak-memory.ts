/** The process's peak resident memory: what a long run of workers in one process held at most. */
import * as fs from "fs";

/** Linux VmHWM in MB (every thread of this process together), or undefined where /proc is missing. */
export function peakMemoryMb(): number | undefined {
  try {
    const kb = /VmHWM:\s*(\d+)\s*kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
