/** A progress bar on a terminal, plain count lines otherwise (CI logs). */
export function progressPrinter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let last = -1;
  return (done: number, total: number, detail = '') => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${detail}`.padEnd(100));
      if (done >= total) stream.write('\n');
    } else if (percent >= last + 10 || done >= total) {
      last = percent;
      stream.write(`${label}: ${done}/${total} (${percent}%) ${detail}\n`);
    }
  };
}
