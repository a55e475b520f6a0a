'use strict';
// Prints one plain closing line ("N passed, N failed, N skipped") as the very last output of a
// jest run (at process exit, after jest's own summary), so CI logs state the counts in a form any
// reader can parse.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
