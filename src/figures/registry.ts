/** Every figure of every chapter, in chapter order: what `npm run figures` exports. */
import type { FigureJob } from "./types";
import { figures as ch01 } from "./ch01";
import { figures as ch02 } from "./ch02";
import { figures as ch03 } from "./ch03";
import { figures as ch04 } from "./ch04";
import { figures as ch05 } from "./ch05";
import { figures as ch06 } from "./ch06";

export const allFigures: FigureJob[] = [...ch01, ...ch02, ...ch03, ...ch04, ...ch05, ...ch06];
