/**
 * The words that end the web host's refusal to replace an existing file that
 * is not a model of the export's format: the page recognises them and asks the
 * user before sending the export again with `replace`.
 */
export const ASK_BEFORE_REPLACING = 'replace it only if you mean to';

export function asksBeforeReplacing(message: string): boolean {
  return message.endsWith(ASK_BEFORE_REPLACING);
}
