/**
 * The parts of nbformat 4 the runner reads and writes: cells, outputs built
 * from iopub messages, and the on-disk JSON layout Jupyter itself writes
 * (one-space indent, sorted keys, multi-line text split into lines), so that
 * re-executed notebooks diff cleanly against ones saved from JupyterLab.
 * https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import type { JupyterMessage } from "./wire";

export type MultilineString = string | string[];

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown>;
  id?: string;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

export type NotebookOutput =
  | { output_type: "stream"; name: string; text: MultilineString }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

export function parseNotebook(json: string, path: string): Notebook {
  const notebook = JSON.parse(json) as Notebook;
  if (notebook.nbformat !== 4 || !Array.isArray(notebook.cells)) {
    throw new Error(`${path}: not an nbformat 4 notebook (nbformat = ${String(notebook.nbformat)})`);
  }
  return notebook;
}

/** Mime types whose string values nbformat stores split into lines. */
function isLineSplitMime(mime: string): boolean {
  return mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript";
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

function toDiskOutput(output: NotebookOutput): NotebookOutput {
  if (output.output_type === "stream") return { ...output, text: splitLines(joinSource(output.text)) };
  if (output.output_type === "display_data" || output.output_type === "execute_result") {
    const data: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(output.data)) {
      data[mime] = typeof value === "string" && isLineSplitMime(mime) ? splitLines(value) : value;
    }
    return { ...output, data };
  }
  return output;
}

/** Serialises like nbformat's writer: indent 1, sorted keys, trailing newline. */
export function serializeNotebook(notebook: Notebook): string {
  const cells = notebook.cells.map((cell) =>
    cell.cell_type === "code" ? { ...cell, outputs: (cell.outputs ?? []).map(toDiskOutput) } : cell,
  );
  return JSON.stringify(sortKeysDeep({ ...notebook, cells }), null, 1) + "\n";
}

/**
 * Builds a cell's outputs from its iopub messages, the way Jupyter front ends
 * do: consecutive stream chunks of one name merge; clear_output empties the
 * list (or, with wait, does so at the next output); update_display_data
 * replaces every earlier output that carried the same transient display_id,
 * in any cell — `displays` is shared across the notebook for that reason.
 */
export class OutputCollector {
  private readonly displays = new Map<string, Extract<NotebookOutput, { data: Record<string, unknown> }>[]>();

  collect(messages: readonly JupyterMessage[], executionCount: number | null): NotebookOutput[] {
    const outputs: NotebookOutput[] = [];
    let clearOnNextOutput = false;
    const push = (output: NotebookOutput) => {
      if (clearOnNextOutput) {
        outputs.length = 0;
        clearOnNextOutput = false;
      }
      const last = outputs[outputs.length - 1];
      if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
        last.text = joinSource(last.text) + joinSource(output.text);
      } else {
        outputs.push(output);
      }
    };
    for (const message of messages) {
      const content = message.content;
      const data = (content.data ?? {}) as Record<string, unknown>;
      const metadata = (content.metadata ?? {}) as Record<string, unknown>;
      const displayId = (content.transient as { display_id?: string } | undefined)?.display_id;
      switch (message.header.msg_type) {
        case "stream":
          push({ output_type: "stream", name: String(content.name), text: String(content.text) });
          break;
        case "display_data": {
          const output = { output_type: "display_data" as const, data, metadata };
          push(output);
          if (displayId) this.displays.set(displayId, [...(this.displays.get(displayId) ?? []), output]);
          break;
        }
        case "update_display_data":
          for (const output of this.displays.get(displayId ?? "") ?? []) {
            output.data = data;
            output.metadata = metadata;
          }
          break;
        case "execute_result":
          push({ output_type: "execute_result", data, metadata, execution_count: executionCount });
          break;
        case "error":
          push({
            output_type: "error",
            ename: String(content.ename ?? ""),
            evalue: String(content.evalue ?? ""),
            traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
          });
          break;
        case "clear_output":
          if (content.wait) clearOnNextOutput = true;
          else outputs.length = 0;
          break;
        default:
          break;
      }
    }
    return outputs;
  }
}

/** All text a cell wrote to one stream, in order. */
export function streamText(messages: readonly JupyterMessage[], name: "stdout" | "stderr"): string {
  let text = "";
  for (const message of messages) {
    if (message.header.msg_type === "stream" && message.content.name === name) text += String(message.content.text);
  }
  return text;
}
