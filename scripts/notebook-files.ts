/**
 * Which notebooks a folder holds, without loading the kernel client: the runner, the book,
 * the student-notebook generator and the tests all list them the same way.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

/** The notebooks of a folder (not its subfolders or checkpoints), sorted by name, as full paths. */
export function listNotebooks(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(folder, name));
}

/** The chapter notebooks of `folder`: the NN-name.ipynb files, sorted, as full paths. */
export function chapterNotebooks(folder: string): string[] {
  return listNotebooks(folder).filter((file) => /^\d{2}-.+\.ipynb$/.test(basename(file)));
}
