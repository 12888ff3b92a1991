// Asking the user for a value on the terminal, with hidden input for secrets.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export class PromptUnavailableError extends Error {
  override name = 'PromptUnavailableError';
}

/** Reads one line from the terminal; with hidden, nothing typed is echoed. */
export function prompt(question: string, options: { hidden?: boolean } = {}): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new PromptUnavailableError(`cannot ask "${question.trim()}" without a terminal; set it in the environment instead.`);
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    reader.question(question, (answer) => {
      reader.close();
      if (options.hidden) process.stderr.write('\n');
      resolve(answer.trim());
    });
    muted = options.hidden ?? false;
  });
}
