import { Writable } from 'node:stream';
import { main } from '../cli/main.js';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `ospo <argv>` in-process with captured, non-TTY output and NO_COLOR. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, env: { NO_COLOR: '1', ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A CLI run in progress (`ospo serve`, `ospo worker`): its output so far and its end. */
export interface RunningCli {
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once `stdout` or `stderr` contains `text` (rejects after `timeoutMs`, or when the run ends first). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  done: Promise<CliRun>;
}

/** Starts `ospo <argv>` in-process and returns at once; stop a server with `process.emit('SIGTERM')`. */
export function startCli(argv: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const stdout = new Capture();
  const stderr = new Capture();
  let ended = false;
  const done = main(argv, { stdout, stderr, env: { NO_COLOR: '1', ...env } }).then((code) => {
    ended = true;
    return { code, stdout: stdout.text, stderr: stderr.text };
  });
  return {
    output: () => ({ stdout: stdout.text, stderr: stderr.text }),
    done,
    waitFor: async (text, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.text.includes(text) && !stderr.text.includes(text)) {
        if (ended) throw new Error(`the run ended before printing "${text}":\n${stdout.text}\n${stderr.text}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${stdout.text}\n${stderr.text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
