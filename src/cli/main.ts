/**
 * whisker: train, evaluate and predict without a window.
 * Exit codes: 0 done, 1 the work failed, 2 a usage mistake, 130 stopped by Ctrl-C.
 * Errors are one line, without a stack trace.
 */
import { EXIT, UsageError } from './errors.ts';
import { evalCommand, EVAL_USAGE } from './evaluate.ts';
import { Output } from './output.ts';
import { printable, printableJson } from './terminalText.ts';
import { predictCommand, PREDICT_USAGE } from './predict.ts';
import { trainCommand, TRAIN_USAGE } from './train.ts';

const USAGE = `Whisker, a neural network you can watch learn.

${TRAIN_USAGE}

${EVAL_USAGE}

${PREDICT_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const json = args.includes('--json');
  const output = new Output(json);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    switch (command) {
      case 'train':
        return await trainCommand(args, output, controller.signal);
      case 'eval':
        return await evalCommand(args, output, controller.signal);
      case 'predict':
        return await predictCommand(args, output);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"; use train, eval or predict`);
    }
  } catch (error) {
    output.clearBar();
    const usage =
      error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    const message = (error as Error).message;
    if (json) process.stdout.write(`${printableJson({ type: 'error', message })}\n`);
    process.stderr.write(
      `whisker: ${printable(message)}${usage ? ' (whisker help shows the options)' : ''}\n`,
    );
    if (controller.signal.aborted) return EXIT.interrupted;
    return usage ? EXIT.usage : EXIT.failed;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

process.exitCode = await main(process.argv.slice(2));
