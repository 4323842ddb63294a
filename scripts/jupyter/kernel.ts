/**
 * A client for one tslab kernel process, driven over the Jupyter messaging
 * protocol v5 with the `zeromq` package tslab itself depends on — so running
 * notebooks needs no Python.
 *
 * Life cycle: `TslabKernel.start({cwd})` writes a connection file (free ports,
 * random HMAC key), spawns tslab, connects shell/control (DEALER) and iopub
 * (SUBSCRIBER), and waits until a kernel_info round trip is also seen on iopub
 * (a subscriber misses everything published before its subscription reaches
 * the kernel). `execute(code)` sends one execute_request and resolves once
 * both its execute_reply and its iopub "idle" status have arrived.
 * `shutdown()` asks politely on the control channel, then kills the kernel's
 * whole process group, so children it launched (a headless Chromium) end too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as zmq from "zeromq";
import { decodeMessage, encodeMessage, newMessage, type JupyterMessage } from "./wire";

export interface KernelStartOptions {
  /** Working directory of the kernel: tslab's rootDir for imports. */
  cwd: string;
  /** How long to wait for the first kernel_info round trip. */
  startTimeoutMs?: number;
}

export interface ExecuteResult {
  /** execute_reply status: "ok", "error" or "abort". */
  status: string;
  executionCount: number | null;
  /** The execute_reply content (ename/evalue/traceback when a kernel sends them). */
  reply: Record<string, unknown>;
  /** iopub messages of this request in arrival order, without status and execute_input. */
  outputs: JupyterMessage[];
}

/** The kernel did not answer within the time allowed. */
export class KernelTimeoutError extends Error {
  constructor(
    what: string,
    readonly timeoutMs: number,
    /** iopub messages that did arrive before the deadline (stderr so far, say). */
    readonly partialOutputs: JupyterMessage[] = [],
  ) {
    super(`${what} did not finish within ${timeoutMs} ms`);
    this.name = "KernelTimeoutError";
  }
}

/** The kernel process ended while we were waiting for it. */
export class KernelDiedError extends Error {
  constructor(
    code: number | null,
    signal: string | null,
    /** The end of what the kernel process itself printed (outside any cell). */
    readonly processOutput: string,
    /** iopub messages of the request that was running when it died. */
    readonly partialOutputs: JupyterMessage[] = [],
  ) {
    super(`the tslab kernel exited (code ${code}, signal ${signal})${processOutput ? `:\n${processOutput}` : ""}`);
    this.name = "KernelDiedError";
  }
}

/** Path of the project's own tslab entry point (never a global install). */
export function tslabBinPath(): string {
  return join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");
}

const LOCALHOST = "127.0.0.1";
/** Only the end of the kernel's own stdout/stderr is kept, for crash reports. */
const PROCESS_OUTPUT_LIMIT = 8000;
/** Shutdown steps: wait for the reply, then for a natural exit, then for exit after SIGTERM. */
const SHUTDOWN_REPLY_MS = 1000;
const NATURAL_EXIT_MS = 300;
const SIGTERM_GRACE_MS = 1500;

interface PendingRequest {
  reply: JupyterMessage | null;
  idle: boolean;
  outputs: JupyterMessage[];
  settle: () => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, LOCALHOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Live kernels, so that an interrupted run does not leave them behind. */
const liveKernels = new Set<TslabKernel>();
process.once("exit", killAllKernels);

/**
 * SIGKILLs every kernel this process started, with their children. Kernels
 * run in their own process group, so a Ctrl-C in the terminal does not reach
 * them: a CLI calls this from its SIGINT handler (node's default SIGINT exit
 * skips "exit" listeners).
 */
export function killAllKernels(): void {
  for (const kernel of liveKernels) kernel.kill();
}

export class TslabKernel {
  private readonly pending = new Map<string, PendingRequest>();
  private processOutput = "";
  private exit: { code: number | null; signal: string | null } | null = null;
  private readonly exited: Promise<void>;
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly key: string,
    private readonly session: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly connectionDir: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.processOutput = (this.processOutput + chunk.toString()).slice(-PROCESS_OUTPUT_LIMIT);
    };
    child.on("error", (error) => keep(Buffer.from(`[runner] could not run the kernel: ${error.message}\n`)));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        liveKernels.delete(this);
        for (const request of this.pending.values()) request.settle();
        resolve();
      });
    });
    void this.receive(this.shell, (message) => {
      const request = this.pending.get(message.parent_header.msg_id ?? "");
      if (!request) return;
      request.reply = message;
      request.settle();
    });
    void this.receive(this.control, () => undefined);
    void this.receive(this.iopub, (message) => {
      const request = this.pending.get(message.parent_header.msg_id ?? "");
      if (!request) return;
      const type = message.header.msg_type;
      if (type === "status") {
        if (message.content.execution_state === "idle") {
          request.idle = true;
          request.settle();
        }
      } else if (type !== "execute_input") {
        request.outputs.push(message);
      }
    });
  }

  /** Process id of the kernel (also the id of its process group on POSIX). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: KernelStartOptions): Promise<TslabKernel> {
    const startTimeoutMs = options.startTimeoutMs ?? 30_000;
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = await Promise.all(
      Array.from({ length: 5 }, freePort),
    );
    const key = randomBytes(32).toString("hex");
    const connectionDir = mkdtempSync(join(tmpdir(), "collapse-lab-kernel-"));
    const connectionFile = join(connectionDir, "connection.json");
    writeFileSync(
      connectionFile,
      JSON.stringify({
        transport: "tcp",
        ip: LOCALHOST,
        shell_port: shellPort,
        iopub_port: iopubPort,
        stdin_port: stdinPort,
        control_port: controlPort,
        hb_port: hbPort,
        key,
        signature_scheme: "hmac-sha256",
        kernel_name: "tslab",
      }),
    );
    // detached = own process group on POSIX, so shutdown can end the kernel
    // together with every process it started. (Windows has no groups; there
    // we fall back to killing the kernel alone.)
    const child = spawn(process.execPath, [tslabBinPath(), "kernel", "--config-path", connectionFile], {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
    });
    const linger = { linger: 0 };
    const shell = new zmq.Dealer(linger);
    const control = new zmq.Dealer(linger);
    const iopub = new zmq.Subscriber(linger);
    iopub.subscribe();
    shell.connect(`tcp://${LOCALHOST}:${shellPort}`);
    control.connect(`tcp://${LOCALHOST}:${controlPort}`);
    iopub.connect(`tcp://${LOCALHOST}:${iopubPort}`);
    const kernel = new TslabKernel(child, key, randomUUID(), shell, control, iopub, connectionDir);
    liveKernels.add(kernel);
    try {
      await kernel.waitUntilReady(startTimeoutMs);
    } catch (error) {
      await kernel.shutdown();
      throw error;
    }
    return kernel;
  }

  /** Runs one cell's code. Rejects on timeout or kernel death, resolves otherwise (status may be "error"). */
  async execute(code: string, timeoutMs: number): Promise<ExecuteResult> {
    const request = newMessage("execute_request", this.session, {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const done = await this.roundTrip(this.shell, request, timeoutMs, "cell execution");
    const reply = done.reply?.content ?? {};
    const count = reply.execution_count;
    return {
      status: String(reply.status ?? "error"),
      executionCount: typeof count === "number" ? count : null,
      reply,
      outputs: done.outputs,
    };
  }

  /**
   * Ends the kernel in escalating steps. shutdown_request on control makes
   * tslab close its sockets, and it exits by itself unless something else
   * keeps it alive — a headless Chromium, say. SIGTERM then lets such
   * libraries clean up (playwright closes its browsers and removes their
   * temporary profiles on SIGTERM). Finally SIGKILL to the process group ends
   * whatever is left. Safe to call twice.
   */
  async shutdown(): Promise<void> {
    if (!this.closed && this.exit === null) {
      const request = newMessage("shutdown_request", this.session, { restart: false });
      await this.roundTrip(this.control, request, SHUTDOWN_REPLY_MS, "shutdown").catch(() => undefined);
      if (!(await this.exitsWithin(NATURAL_EXIT_MS))) {
        this.child.kill("SIGTERM");
        await this.exitsWithin(SIGTERM_GRACE_MS);
      }
    }
    // Even when tslab itself exited, processes it started may live on in its group.
    this.kill();
    this.close();
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    if (this.exit !== null) return true;
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
    return Promise.race([this.exited.then(() => true), timeout]);
  }

  /** Immediate SIGKILL of the kernel's process group (synchronous: usable on process exit). */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === "win32") {
        if (this.exit === null) this.child.kill("SIGKILL");
      } else {
        process.kill(-pid, "SIGKILL");
      }
    } catch {
      // ESRCH: the group is already gone.
    }
    liveKernels.delete(this);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shell.close();
    this.control.close();
    this.iopub.close();
    rmSync(this.connectionDir, { recursive: true, force: true });
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Each attempt waits for the shell reply and the iopub idle status; the
    // latter proves our subscription is live. Retry while iopub is still joining.
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new KernelTimeoutError("tslab kernel start-up", timeoutMs);
      const request = newMessage("kernel_info_request", this.session, {});
      try {
        await this.roundTrip(this.shell, request, Math.min(left, 1000), "kernel_info");
        return;
      } catch (error) {
        if (!(error instanceof KernelTimeoutError)) throw error;
      }
    }
  }

  private async roundTrip(
    socket: zmq.Dealer,
    message: JupyterMessage,
    timeoutMs: number,
    what: string,
  ): Promise<PendingRequest> {
    if (this.exit) throw new KernelDiedError(this.exit.code, this.exit.signal, this.processOutput);
    const id = message.header.msg_id;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<PendingRequest>((resolve, reject) => {
        const request: PendingRequest = {
          reply: null,
          idle: false,
          outputs: [],
          settle: () => {
            if (this.exit) {
              reject(new KernelDiedError(this.exit.code, this.exit.signal, this.processOutput, request.outputs));
            } else if (request.reply && request.idle) resolve(request);
          },
        };
        this.pending.set(id, request);
        timer = setTimeout(() => reject(new KernelTimeoutError(what, timeoutMs, request.outputs)), timeoutMs);
        socket.send(encodeMessage(this.key, message)).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  private async receive(socket: zmq.Dealer | zmq.Subscriber, handle: (message: JupyterMessage) => void) {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = decodeMessage(this.key, frames);
        } catch {
          continue; // not a message from our kernel: ignore it, as Jupyter clients do
        }
        handle(message);
      }
    } catch (error) {
      // Closing a socket ends its iterator; anything else is unexpected but
      // surfaces anyway as a timeout of the request that waited for it.
      if (!this.closed) this.processOutput += `\n[runner] socket receive failed: ${String(error)}`;
    }
  }
}
