/**
 * Finding a Chromium-family browser to render figures with (playwright-core
 * drives it; it downloads no browser of its own). `CHROME_PATH` wins; then the usual install paths of Debian/Ubuntu,
 * Google Chrome, snap and macOS; then the same program names on `PATH`.
 */
import * as fs from "fs";
import * as path from "path";

/** Where browsers are usually installed, in the order we prefer them. */
export const USUAL_CHROMIUM_PATHS: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Program names looked up on `PATH` when no usual path exists. */
export const CHROMIUM_PROGRAM_NAMES: readonly string[] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export interface FindChromiumOptions {
  /** Environment to read `CHROME_PATH` and `PATH` from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Paths to try after `CHROME_PATH`; defaults to `USUAL_CHROMIUM_PATHS` then `PATH`. */
  candidates?: readonly string[];
  /** Whether a path is an executable file; injectable for tests. */
  isExecutable?: (file: string) => boolean;
}

export interface ChromiumSearch {
  /** The browser found, or undefined. */
  executablePath: string | undefined;
  /** Why there is none (or why `CHROME_PATH` was not used): a sentence for the user. */
  reason: string;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(env: Record<string, string | undefined>): string[] {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d.length > 0);
  const found: string[] = [];
  for (const name of CHROMIUM_PROGRAM_NAMES) for (const dir of dirs) found.push(path.join(dir, name));
  return found;
}

/**
 * Looks for Chromium. A `CHROME_PATH` that does not exist is reported in `reason` and
 * the search goes on, so a stale variable does not silently disable images.
 */
export function findChromium(options: FindChromiumOptions = {}): ChromiumSearch {
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? isExecutableFile;
  const notes: string[] = [];
  const fromEnv = env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (isExecutable(fromEnv)) return { executablePath: fromEnv, reason: `CHROME_PATH=${fromEnv}` };
    notes.push(`CHROME_PATH=${fromEnv} is not an executable file`);
  }
  const candidates = options.candidates ?? [...USUAL_CHROMIUM_PATHS, ...onPath(env)];
  for (const candidate of candidates) {
    if (isExecutable(candidate)) {
      return { executablePath: candidate, reason: [...notes, `found ${candidate}`].join("; ") };
    }
  }
  notes.push(
    "no Chromium or Chrome in the usual places (" +
      USUAL_CHROMIUM_PATHS.slice(0, 4).join(", ") +
      ", macOS apps, PATH); install one (Debian: apt-get install chromium) or set CHROME_PATH",
  );
  return { executablePath: undefined, reason: notes.join("; ") };
}
