/**
 * One renderer per process, shared by every `show` call in a notebook so the browser
 * starts (and plotly.js loads) once per kernel. It is kept on `globalThis` because tslab
 * re-evaluates an edited src module: a module-level variable would leak a browser per
 * edit. The browser goes away with the process: playwright kills it on exit, and
 * Chromium quits by itself when its pipe to a killed kernel closes.
 */
import { findChromium, type ChromiumSearch } from "./chromium";
import { FigureRenderer } from "./renderer";

interface SharedState {
  search: ChromiumSearch;
  renderer: FigureRenderer | undefined;
}

const KEY = Symbol.for("collapse-lab.sharedFigureRenderer");

function state(): SharedState | undefined {
  return (globalThis as Record<symbol, SharedState | undefined>)[KEY];
}

/**
 * The process-wide renderer, or `{renderer: undefined, reason}` when no browser is
 * installed. The browser search runs once per process.
 */
export function sharedRenderer(): { renderer: FigureRenderer | undefined; reason: string } {
  let s = state();
  if (!s) {
    const search = findChromium();
    s = { search, renderer: search.executablePath ? new FigureRenderer({ executablePath: search.executablePath }) : undefined };
    (globalThis as Record<symbol, SharedState | undefined>)[KEY] = s;
  }
  return { renderer: s.renderer, reason: s.search.reason };
}

/** Closes the shared browser; the next `sharedRenderer()` searches and launches afresh. */
export async function closeSharedRenderer(): Promise<void> {
  const s = state();
  (globalThis as Record<symbol, SharedState | undefined>)[KEY] = undefined;
  if (s?.renderer) await s.renderer.close();
}
