'use strict';
// Prints one plain closing line ("N passed, N failed, N skipped") after jest's own summary, so CI
// logs state the counts in a form any reader can parse.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
