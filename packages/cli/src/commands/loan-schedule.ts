import { computeSchedule } from '@khata/core';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `khata loan schedule`: one JSON object in on stdin, one out on stdout; exit 2 naming the field on bad input. */
export async function loanScheduleCommand(): Promise<number> {
  const text = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    process.stderr.write('input: must be one JSON object on standard input\n');
    return 2;
  }
  const result = computeSchedule(input);
  if (!result.ok) {
    for (const p of result.problems) process.stderr.write(`${p.field ?? 'input'}: ${p.message}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(result.value)}\n`);
  return 0;
}
