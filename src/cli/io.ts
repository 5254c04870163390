import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';

/** Where a command writes: machine output to `stdout`, logs and progress to `stderr`. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Colours for a stream: on only for a terminal, and never when NO_COLOR is set. */
export function colorsFor(stream: CliIo['stdout'], env: NodeJS.ProcessEnv): Colors {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

/** Prints progress on a terminal's stderr, overwriting one line; silent elsewhere. */
export function progressPrinter(io: CliIo): { update: (message: string) => void; done: () => void } {
  if (!io.stderr.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update: (message) => {
      shown = true;
      io.stderr.write(`\r\x1b[2K${message}`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
