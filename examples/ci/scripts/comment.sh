#!/bin/sh
# Posts report.md as a comment on pull request $PR_NUMBER of $GITHUB_REPOSITORY (GH_TOKEN needs
# pull-requests: write).
set -eu
: "${PR_NUMBER:?set PR_NUMBER to the pull request to comment on}"
gh pr comment "$PR_NUMBER" --repo "$GITHUB_REPOSITORY" --body-file report.md
